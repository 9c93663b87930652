import { createHash } from 'node:crypto';
import { ORDER_ACCESS_TOKEN_PATTERN } from '@omnigate/contracts';
import { issueOrderAccessToken, mayReachOrder, type PickupOrderOwner } from './pickup-order-access';

describe('pickup order access', () => {
  const guest = issueOrderAccessToken();
  const other = issueOrderAccessToken();
  const guestOrder: PickupOrderOwner = {
    clientAppId: 'web',
    storeId: 'ST-1',
    memberId: null,
    accessTokenSha256: guest.sha256,
  };
  const memberOrder: PickupOrderOwner = {
    clientAppId: 'web',
    storeId: 'ST-1',
    memberId: '6041234567890',
    accessTokenSha256: null,
  };

  it('issues tokens in the documented format, each new, keeping only their SHA-256', () => {
    expect(guest.token).toMatch(ORDER_ACCESS_TOKEN_PATTERN);
    expect(guest.token).not.toBe(other.token);
    expect(guest.sha256).toBe(createHash('sha256').update(guest.token).digest('hex'));
  });

  it.each([
    ['lets the placing app with the token reach a guest order', guestOrder, 'web', guest.token, true],
    ['keeps the placing app without the token off a guest order', guestOrder, 'web', undefined, false],
    [
      "keeps the placing app with another order's token off a guest order",
      guestOrder,
      'web',
      other.token,
      false,
    ],
    ['keeps a token cut short off a guest order', guestOrder, 'web', guest.token.slice(0, -1), false],
    [
      'keeps another client app off a guest order, even with its token',
      guestOrder,
      'mobile',
      guest.token,
      false,
    ],
    [
      'keeps everyone off a guest order placed before tokens existed',
      { ...guestOrder, accessTokenSha256: null },
      'web',
      guest.token,
      false,
    ],
    [
      "lets the placing app reach a member's order without a token (the edge checks the member)",
      memberOrder,
      'web',
      undefined,
      true,
    ],
    ["keeps another client app off a member's order", memberOrder, 'mobile', undefined, false],
  ])('%s', (_case, owner, clientAppId, token, reached) => {
    expect(mayReachOrder(owner, clientAppId, token)).toBe(reached);
  });
});
