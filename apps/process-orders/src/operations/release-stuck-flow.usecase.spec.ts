import { IllegalTransition, operatorContext } from '@omnigate/workflow';
import { memberCtx, refusalOf } from '../process-orders.fixture';
import {
  MEMBER,
  openPickupOrdersFixture,
  STORE,
  type PickupOrdersFixture,
} from '../pickup-orders/pickup-orders.fixture';
import { OperatorActionsRepository } from './operator-actions.repository';
import { ReleaseStuckFlow } from './release-stuck-flow.usecase';

describe('ReleaseStuckFlow', () => {
  let fx: PickupOrdersFixture;
  let audit: OperatorActionsRepository;
  let release: ReleaseStuckFlow;
  beforeAll(async () => {
    fx = await openPickupOrdersFixture();
    audit = new OperatorActionsRepository(fx.db);
    release = new ReleaseStuckFlow(fx.db, fx.engine, audit);
  });
  afterAll(() => fx.close());

  const reserved = async () =>
    (
      await fx.place.execute(memberCtx(MEMBER), {
        storeId: STORE,
        memberId: MEMBER,
        lines: [{ sku: 'SKU-A', quantity: 1 }],
        redeemPoints: 50,
      })
    ).order.orderId;
  const releaseOrder = (orderId: string) =>
    release.execute('corr-ops', {
      workflow: 'pickup-order',
      flowId: orderId,
      actor: 'dana.ops',
      reason: 'OMS refuses the order',
    });
  const auditOf = async (orderId: string) =>
    (await audit.latest(100))
      .filter((a) => a.target === `pickup-order/${orderId}`)
      .map(({ actor, action, outcome, detail }) => ({ actor, action, outcome, detail }));

  it("cancels a stuck reserved order as the customer's cancel would, and audits it with the move", async () => {
    const orderId = await reserved();

    expect(await releaseOrder(orderId)).toEqual({
      workflow: 'pickup-order',
      flowId: orderId,
      state: 'CANCELLED',
    });
    expect((await fx.stepsOf(orderId)).at(-1)).toBe('released-by-operator');
    expect(await fx.jobsOf(orderId, 'releaseHolds')).toBe(1);
    expect(await fx.postingsOf(orderId)).toEqual([{ kind: 'DEMAND', status: 'void' }]);
    expect(await auditOf(orderId)).toEqual([
      {
        actor: 'dana.ops',
        action: 'release-flow',
        outcome: 'done',
        detail: { reason: 'OMS refuses the order', state: 'CANCELLED' },
      },
    ]);
  });

  it('refuses an order past releasing with 409, releases nothing more, and audits the refusal', async () => {
    const orderId = await reserved();
    await fx.cancel.execute(memberCtx(MEMBER), { orderId });

    const refused = await refusalOf(releaseOrder(orderId));
    expect(refused).toBeInstanceOf(IllegalTransition);
    expect((refused as IllegalTransition).extensions).toMatchObject({ currentState: 'CANCELLED' });
    expect(await fx.jobsOf(orderId, 'releaseHolds')).toBe(1);
    expect(await auditOf(orderId)).toEqual([
      {
        actor: 'dana.ops',
        action: 'release-flow',
        outcome: 'refused',
        detail: { reason: 'OMS refuses the order', type: 'illegal-pickup-order-transition' },
      },
    ]);
  });

  it('lets no channel caller make the release move itself', async () => {
    const orderId = await reserved();
    const refused = await refusalOf(
      fx.db.transaction(async (tx) =>
        fx.orders.move(tx, memberCtx(MEMBER), await fx.orders.lock(tx, orderId), 'release'),
      ),
    );
    expect(refused).toMatchObject({ kind: 'forbidden', type: 'pickup-order-move-not-allowed' });
    expect((await fx.orders.get(orderId)).state).toBe('RESERVED');
    // The operator's own context may.
    await fx.db.transaction(async (tx) =>
      fx.orders.move(tx, operatorContext('corr-ops'), await fx.orders.lock(tx, orderId), 'release'),
    );
    expect((await fx.orders.get(orderId)).state).toBe('CANCELLED');
  });
});
