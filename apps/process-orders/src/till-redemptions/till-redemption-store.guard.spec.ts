import type { ExecutionContext } from '@nestjs/common';
import { MoveNotAllowed } from '@omnigate/workflow';
import { refusalOf, storeCtx } from '../process-orders.fixture';
import { TillRedemptionStoreGuard } from './till-redemption-store.guard';
import { TillRedemptionNotFound } from './till-redemptions.errors';
import {
  openTillRedemptionsFixture,
  TILL_MEMBER,
  TILL_STORE,
  type TillRedemptionsFixture,
} from './till-redemptions.fixture';

describe("TillRedemptionStoreGuard (the engine's StoreBoundGuard on till redemptions)", () => {
  let fx: TillRedemptionsFixture;
  let guard: { canActivate(context: ExecutionContext): Promise<boolean> };
  let redemptionId: string;
  beforeAll(async () => {
    fx = await openTillRedemptionsFixture();
    guard = new TillRedemptionStoreGuard(fx.redemptions) as typeof guard;
    ({ redemptionId } = await fx.authorize.execute(storeCtx(TILL_STORE), {
      storeId: TILL_STORE,
      memberId: TILL_MEMBER,
      points: 30,
    }));
  });
  afterAll(() => fx.close());

  const requestFor = (params: Record<string, string>, body: unknown) =>
    ({ switchToHttp: () => ({ getRequest: () => ({ params, body }) }) }) as unknown as ExecutionContext;

  it("lets the redemption's own store through", async () => {
    expect(await guard.canActivate(requestFor({ redemptionId }, { storeId: TILL_STORE }))).toBe(true);
  });

  it("refuses another store's till with the move's own type, leaving the redemption as it was", async () => {
    const refused = await refusalOf(guard.canActivate(requestFor({ redemptionId }, { storeId: 'ST-6042' })));
    expect(refused).toBeInstanceOf(MoveNotAllowed);
    expect((refused as MoveNotAllowed).type).toBe('till-redemption-of-another-store');
    expect((await fx.redemptions.get(redemptionId)).state).toBe('AUTHORIZED');
  });

  it('answers an unknown redemption as not found', async () => {
    const refused = await refusalOf(
      guard.canActivate(requestFor({ redemptionId: 'rdm_unknownunknown00' }, { storeId: TILL_STORE })),
    );
    expect(refused).toBeInstanceOf(TillRedemptionNotFound);
  });

  it('leaves a malformed id or body to validation', async () => {
    expect(await guard.canActivate(requestFor({ redemptionId: 'not-an-id' }, { storeId: TILL_STORE }))).toBe(
      true,
    );
    expect(await guard.canActivate(requestFor({ redemptionId }, undefined))).toBe(true);
  });
});
