import { SystemRefusal } from '@omnigate/system-clients';
import { settle } from '@omnigate/workflow';
import { orderAlreadyAt, reservationAlreadyConsumed, reservationAlreadyReleased } from './backend-answers';

const notActive = (reservationStatus: string) =>
  new SystemRefusal(409, {
    type: 'https://omnigate.dev/problems/reservation-not-active',
    title: 'The reservation no longer holds stock',
    reservationStatus,
  });
const illegalOrderMove = (from: string, to: string) =>
  new SystemRefusal(409, {
    type: 'https://omnigate.dev/problems/illegal-order-transition',
    title: 'The order cannot move',
    from,
    to,
  });

describe("the backends' own 'already done' answers", () => {
  it('fails the consumption of a reservation that was released, instead of recording it as consumed', async () => {
    await expect(
      settle(() => Promise.reject(notActive('RELEASED')), reservationAlreadyConsumed),
    ).rejects.toBeInstanceOf(SystemRefusal);
    await expect(
      settle(() => Promise.reject(notActive('EXPIRED')), reservationAlreadyConsumed),
    ).rejects.toBeInstanceOf(SystemRefusal);
  });

  it('takes a reservation consumed already as consumed', async () => {
    await expect(
      settle(() => Promise.reject(notActive('CONSUMED')), reservationAlreadyConsumed),
    ).resolves.toBeUndefined();
  });

  it('takes a released or lapsed reservation as released, but not a consumed one', () => {
    expect(reservationAlreadyReleased(notActive('RELEASED'))).toBe(true);
    expect(reservationAlreadyReleased(notActive('EXPIRED'))).toBe(true);
    expect(reservationAlreadyReleased(notActive('CONSUMED'))).toBe(false);
  });

  it('takes an OMS order at the status asked for, or past it, as moved; any other conflict is not', () => {
    expect(orderAlreadyAt('READY')(illegalOrderMove('COLLECTED', 'READY'))).toBe(true);
    expect(orderAlreadyAt('COLLECTED')(illegalOrderMove('COLLECTED', 'COLLECTED'))).toBe(true);
    expect(orderAlreadyAt('COLLECTED')(illegalOrderMove('CANCELLED', 'COLLECTED'))).toBe(false);
    expect(orderAlreadyAt('CANCELLED')(illegalOrderMove('COLLECTED', 'CANCELLED'))).toBe(false);
  });

  it('never takes a conflict of another kind, or a transport failure, as done', () => {
    const insufficient = new SystemRefusal(409, {
      type: 'https://omnigate.dev/problems/insufficient-stock',
      title: 'Not enough stock',
    });
    expect(reservationAlreadyConsumed(insufficient)).toBe(false);
    expect(reservationAlreadyReleased(new Error('socket hang up'))).toBe(false);
  });
});
