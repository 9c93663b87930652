import { rateLimitField, rateLimitPolicyField } from './rate-limit.headers';

const windows = [
  { name: 'burst', limit: 20, windowS: 1, remaining: 19, resetS: 1 },
  { name: 'sustained', limit: 600, windowS: 60, remaining: 550, resetS: 42 },
];

describe('RateLimit header fields', () => {
  it('lists every window of the plan in RateLimit-Policy', () => {
    expect(rateLimitPolicyField(windows)).toBe('"burst";q=20;w=1, "sustained";q=600;w=60');
  });

  it('reports the window with the least remaining in RateLimit', () => {
    expect(rateLimitField(windows)).toBe('"burst";r=19;t=1');
    expect(rateLimitField([windows[0], { ...windows[1], remaining: 3 }])).toBe('"sustained";r=3;t=42');
  });

  it('reports the exhausted window that resets last when several are exhausted', () => {
    expect(rateLimitField(windows.map((w) => ({ ...w, remaining: 0 })))).toBe('"sustained";r=0;t=42');
  });
});
