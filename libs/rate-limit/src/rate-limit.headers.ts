/** Where one window of a plan stands for a request. */
export interface WindowState {
  name: string;
  limit: number;
  windowS: number;
  remaining: number;
  /** Seconds until this window starts over. */
  resetS: number;
}

/** The `RateLimit-Policy` field (IETF httpapi ratelimit-headers draft) listing every window of the plan. */
export function rateLimitPolicyField(windows: readonly WindowState[]): string {
  return windows.map((w) => `"${w.name}";q=${w.limit};w=${w.windowS}`).join(', ');
}

/** The `RateLimit` field for the most constrained window: least remaining, then longest until reset. */
export function rateLimitField(windows: readonly WindowState[]): string {
  const tightest = windows.reduce((a, b) =>
    b.remaining < a.remaining || (b.remaining === a.remaining && b.resetS > a.resetS) ? b : a,
  );
  return `"${tightest.name}";r=${tightest.remaining};t=${tightest.resetS}`;
}
