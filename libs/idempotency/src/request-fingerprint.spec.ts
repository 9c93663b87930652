import { canonicalJson, fingerprintRequest } from './request-fingerprint';

const nestedArrays = (depth: number): unknown => {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
};
const nestedObjects = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

describe('request fingerprint', () => {
  const order = {
    storeId: 'ST-6930',
    memberId: '6042685219730',
    lines: [
      { sku: '55592108', quantity: 2 },
      { quantity: 1, sku: 'A-1' },
    ],
    redeemPoints: 500,
  };

  it('is the fingerprint keys were stored under before, so a retry across a deploy still replays', () => {
    expect(fingerprintRequest('post', '/v1/pickup-orders?x=1', order)).toBe(
      '9f90a784a79cd8d5296b15f7175a1ce43a85c43ea0d53fff3a7f432c5130a42b',
    );
  });

  it('sorts keys at every depth, drops undefined members and writes undefined items as null', () => {
    expect(canonicalJson({ b: 1, a: [null, undefined, 'x', { d: undefined, c: true }], e: {}, f: [] })).toBe(
      '{"a":[null,null,"x",{"c":true}],"b":1,"e":{},"f":[]}',
    );
    expect(
      fingerprintRequest('POST', '/v1/pickup-orders', {
        lines: order.lines,
        storeId: 'ST-6930',
        redeemPoints: 500,
        memberId: '6042685219730',
      }),
    ).toBe(fingerprintRequest('POST', '/v1/pickup-orders', order));
  });

  it('tells apart requests that differ in method, path, body or nesting', () => {
    const base = fingerprintRequest('POST', '/v1/pickup-orders', order);
    expect(fingerprintRequest('PUT', '/v1/pickup-orders', order)).not.toBe(base);
    expect(fingerprintRequest('POST', '/v1/pickup-orders/1', order)).not.toBe(base);
    expect(fingerprintRequest('POST', '/v1/pickup-orders', { ...order, redeemPoints: 501 })).not.toBe(base);
    expect(fingerprintRequest('POST', '/a', nestedArrays(5_000))).not.toBe(
      fingerprintRequest('POST', '/a', nestedArrays(4_999)),
    );
  });

  it.each([
    ['5,000 arrays', nestedArrays(5_000), 5_000 * 2],
    ['5,000 objects', nestedObjects(5_000), 5_000 * 6 + 1],
    ['100,000 arrays', nestedArrays(100_000), 100_000 * 2],
  ])('fingerprints a body %s deep without recursing', (_label, body, length) => {
    expect(canonicalJson(body)).toHaveLength(length);
    expect(fingerprintRequest('POST', '/v1/pickup-orders', body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a circular value instead of looping', () => {
    const looped: Record<string, unknown> = { a: 1 };
    looped.self = { again: looped };
    expect(() => canonicalJson(looped)).toThrow(TypeError);
    const shared = { sku: '1' };
    expect(canonicalJson({ x: shared, y: [shared] })).toBe('{"x":{"sku":"1"},"y":[{"sku":"1"}]}');
  });
});
