import { randomBytes } from 'node:crypto';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppProcess } from '../../support/app-process';
import type { SandboxClient } from '../../support/sandbox-client';
import { startSandbox, startSystemApp, stopAll, callerHeaders } from '../../support/stack';
import { waitFor } from '../../support/wait-for';

interface SpanLine {
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}
const SERVER = 1;
const CLIENT = 2;

const spansIn = (file: string): SpanLine[] => {
  try {
    return readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as SpanLine);
  } catch {
    return [];
  }
};

describe('tracing and correlation through system-erp', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omnigate-spans-'));
  const erpSpans = join(dir, 'system-erp.jsonl');
  const sandboxSpans = join(dir, 'sandbox.jsonl');
  let sandboxApp: AppProcess;
  let sandbox: SandboxClient;
  let erp: AppProcess;

  beforeAll(async () => {
    ({ app: sandboxApp, sandbox } = await startSandbox({ OTEL_SPANS_FILE: sandboxSpans }));
    erp = await startSystemApp('system-erp', sandboxApp.url, { OTEL_SPANS_FILE: erpSpans });
  });
  afterAll(() => stopAll(erp, sandboxApp));

  it('yields one trace from the caller to the sandbox, and the correlation id on every hop and log line', async () => {
    const seed = await sandbox.seed();
    const correlationId = `corr-${randomBytes(8).toString('hex')}`;
    const answer = await fetch(
      `${erp.url}/v1/inventory/stores/${seed.stores[0].storeId}?skus=${seed.skus[5]}`,
      {
        headers: { ...callerHeaders('experience-storefront'), 'x-correlation-id': correlationId },
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-correlation-id')).toBe(correlationId);

    const serverSpan = await waitFor(
      async () => spansIn(erpSpans).find((s) => s.kind === SERVER && s.name.startsWith('GET')),
      'the system-erp server span',
    );
    const clientSpan = spansIn(erpSpans).find((s) => s.kind === CLIENT && s.traceId === serverSpan.traceId);
    expect(clientSpan).toBeDefined();
    const sandboxSpan = await waitFor(
      async () => spansIn(sandboxSpans).find((s) => s.kind === SERVER && s.traceId === serverSpan.traceId),
      'the sandbox server span in the same trace',
    );
    expect(sandboxSpan.parentSpanId).toBe(clientSpan!.spanId);

    const [received] = (await sandbox.calls('erp')).filter(
      (c) => c.headers['x-correlation-id'] === correlationId,
    );
    expect(received.headers.traceparent).toContain(serverSpan.traceId);

    const requestLines = erp.logs.filter((l) => l.traceId === serverSpan.traceId);
    expect(requestLines.length).toBeGreaterThanOrEqual(1);
    expect(requestLines.every((l) => l.correlationId === correlationId)).toBe(true);
    expect(erp.logs.filter((l) => l.correlationId === correlationId).map((l) => l.msg)).toContain(
      'request completed',
    );
  });
});
