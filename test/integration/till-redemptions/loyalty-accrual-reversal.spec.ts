import type { AppProcess } from '../../support/app-process';
import { membersWith, pointsOf } from '../../support/orders-stack';
import type { SandboxClient } from '../../support/sandbox-client';
import { callerHeaders, startSandbox, startSystemApp, stopAll } from '../../support/stack';
import type { InternalCaller } from '../../../libs/auth/src/internal-callers';

describe('system-loyalty: reversing an accrual (a returned sale)', () => {
  let sandboxApp: AppProcess;
  let sandbox: SandboxClient;
  let loyalty: AppProcess;

  beforeAll(async () => {
    ({ app: sandboxApp, sandbox } = await startSandbox({ LOG_LEVEL: 'warn' }));
    loyalty = await startSystemApp('system-loyalty', sandboxApp.url, { LOG_LEVEL: 'warn' });
  });
  afterAll(() => stopAll(loyalty, sandboxApp));

  async function post(path: string, body: unknown, caller: InternalCaller = 'process-orders') {
    const response = await fetch(`${loyalty.url}${path}`, {
      method: 'POST',
      headers: { ...callerHeaders(caller), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as Record<string, any>,
    };
  }
  const reverse = (accrualReference: string, reference: string, points: number, caller?: InternalCaller) =>
    post(`/v1/accruals/${encodeURIComponent(accrualReference)}/reversals`, { reference, points }, caller);

  it('takes back part of an accrual once per reversal reference, never more than was accrued', async () => {
    const [memberId] = await membersWith(sandbox, (m) => m.status === 'ACTIVE');
    const start = await pointsOf(sandbox, memberId);
    const accrued = await post(`/v1/members/${memberId}/accruals`, {
      reference: 'sale:ST-6930:R01:000777',
      points: 100,
    });
    expect(accrued.status).toBe(200);
    expect(await pointsOf(sandbox, memberId)).toBe(start + 100);

    const first = await reverse('sale:ST-6930:R01:000777', 'return:rt_1:1', 60);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      accrualReference: 'sale:ST-6930:R01:000777',
      points: 60,
      remainingPoints: 40,
      availablePoints: start + 40,
      alreadyRecorded: false,
    });
    expect(await pointsOf(sandbox, memberId)).toBe(start + 40);

    // A repeat (a lost answer retried) answers the first reversal and takes nothing more.
    const repeat = await reverse('sale:ST-6930:R01:000777', 'return:rt_1:1', 60);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({
      transactionId: first.body.transactionId,
      points: 60,
      remainingPoints: 40,
      availablePoints: start + 40,
      alreadyRecorded: true,
    });

    // The same reference for other points, or beyond what is left, or of no accrual: refused, nothing taken.
    const reused = await reverse('sale:ST-6930:R01:000777', 'return:rt_1:1', 30);
    expect(reused.status).toBe(409);
    expect(reused.type).toContain('application/problem+json');
    expect(reused.body.type).toContain('reversal-reference-in-use');
    const beyond = await reverse('sale:ST-6930:R01:000777', 'return:rt_2:1', 41);
    expect(beyond.status).toBe(422);
    expect(beyond.body).toMatchObject({
      type: expect.stringContaining('reversal-exceeds-accrual'),
      remainingPoints: 40,
    });
    const unknown = await reverse('sale:ST-6930:R01:999999', 'return:rt_3:1', 1);
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toContain('unknown-accrual');
    // Only process-orders may reverse.
    expect((await reverse('sale:ST-6930:R01:000777', 'return:rt_4:1', 1, 'experience-pos')).status).toBe(403);
    expect(await pointsOf(sandbox, memberId)).toBe(start + 40);

    // The rest of the accrual may still be reversed, once.
    const rest = await reverse('sale:ST-6930:R01:000777', 'return:rt_2:1', 40);
    expect(rest.body).toMatchObject({ remainingPoints: 0, availablePoints: start, alreadyRecorded: false });
    expect(
      (await sandbox.calls('loyalty', 'POST accruals/{accrualReference}/reversals')).filter(
        (c) => c.status === 201,
      ),
    ).toHaveLength(2);
  });
});
