import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `probe` until it returns a value other than undefined, or fails after `attempts` tries. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  attempts = 100,
  everyMs = 100,
): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(everyMs);
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** The breaker states system apps report on /health/ready. */
export async function breakerStates(appUrl: string, backend: string): Promise<Record<string, string>> {
  const body = (await fetch(`${appUrl}/health/ready`).then((r) => r.json())) as {
    details: Record<string, { breakers?: Record<string, string> }>;
  };
  return body.details[`${backend}-breakers`]?.breakers ?? {};
}
