import { PICKUP_ORDER_WORKFLOW } from './pickup-order.workflow';

describe('the pickup order workflow', () => {
  const { moves, stateSets } = PICKUP_ORDER_WORKFLOW;

  it('lets a customer cancel only an order that holds stock and points, never one still being placed', () => {
    expect(moves.cancel.from).toEqual(stateSets.holding);
    expect(moves.cancel.from).not.toContain('PLACED');
  });

  it('leaves a PLACED order to its recovery job alone, which cancels it as compensated', () => {
    const fromPlaced = Object.entries(moves).filter(([, move]) => move.from.includes('PLACED'));
    expect(fromPlaced.map(([name]) => name).sort()).toEqual(['abandon', 'reserve']);
    expect(moves.abandon).toMatchObject({
      to: 'CANCELLED',
      outcome: 'compensated',
      guard: { callers: ['job'] },
    });
  });

  it('lets only the order’s store mark it ready and collect it, and only the expiry job expire it', () => {
    expect(moves.markReady.guard).toEqual({ store: 'bound' });
    expect(moves.collect.guard).toEqual({ store: 'bound' });
    expect(moves.expire.guard).toEqual({ callers: ['job'] });
  });

  it('ends nothing once collected, expired or cancelled', () => {
    const ended = ['COLLECTED', 'EXPIRED', 'CANCELLED'];
    expect(Object.values(moves).filter((move) => move.from.some((state) => ended.includes(state)))).toEqual(
      [],
    );
  });
});
