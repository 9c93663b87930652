import type { ChannelEdgeResult } from './channel-edge.section';
import type { ErpDrainResult } from './erp-drain.section';
import type { FoundationResult } from './foundation.section';
import type { LoadFigures } from './load';
import type { PickupOrdersResult } from './pickup-orders.section';
import type { ReturnsResult } from './returns.section';
import type { StoreSalesResult } from './store-sales.section';

/** Where and how the run was made, printed first and kept in the JSON. */
export interface RunConditions {
  startedAt: string;
  node: string;
  cpus: number;
  loadAverageAtStart: number[];
  stores: string;
  /** The bench's own client app and plan, for the channel calls. */
  channelClient: string;
  connections: number;
  durationS: number;
  warmUpS: number;
}

/** A section's figures, or why it has none, with the 1-minute load average before and after it (other work on the machine skews the figures). */
export type SectionOutcome<T> = ({ ok: true; figures: T } | { ok: false; error: string }) & {
  loadAverage1m: { before: number; after: number };
};

/** Everything one `npm run bench` measured; written to bench/results/latest.json. */
export interface BenchReport {
  conditions: RunConditions;
  foundation: SectionOutcome<FoundationResult>;
  channelEdge: SectionOutcome<ChannelEdgeResult>;
  pickupOrders: SectionOutcome<PickupOrdersResult>;
  /** Absent without BENCH_DATABASE_URL. */
  pickupOrdersOnPostgres?: SectionOutcome<PickupOrdersResult>;
  storeSales: SectionOutcome<StoreSalesResult>;
  /** Two replicas of process-orders on PostgreSQL drain the same backlog within one shared ERP quota. */
  storeSalesTwoReplicas?: SectionOutcome<StoreSalesResult>;
  returns: SectionOutcome<ReturnsResult>;
  /** One replica of process-orders on its embedded PGlite drains a backlog. */
  erpDrainOneReplica: SectionOutcome<ErpDrainResult>;
  /** Absent when no PostgreSQL was given (BENCH_DATABASE_URL): two replicas need a shared database. */
  erpDrain?: SectionOutcome<ErpDrainResult>;
  summary: string[];
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
// autocannon keeps latencies in whole milliseconds; the paced load in fractions.
const ms = (n: number) => (n < 1 ? '<1 ms' : n < 10 ? `${n.toFixed(1)} ms` : `${int(n)} ms`);
const x = (n: number) => `${n.toFixed(2)}x`;
const us = (n: number) => `${n.toFixed(1)} µs`;
/** The app's own CPU time per answer; 1/rate where /proc did not tell it. */
const cpu = (f: LoadFigures) => f.appCpuUsPerRequest ?? 1e6 / f.okPerS;

function refusals(figures: LoadFigures): string {
  const statuses = Object.entries(figures.refusedByStatus).map(([status, n]) => `${int(n)}x${status}`);
  if (figures.errors > 0) statuses.push(`${int(figures.errors)} errors`);
  return statuses.length > 0 ? statuses.join(' ') : '0';
}

function row(label: string, f: LoadFigures): string {
  return `   ${label.padEnd(56)}${int(f.okPerS).padStart(9)}${ms(f.p50Ms).padStart(9)}${ms(f.p99Ms).padStart(9)}   ${refusals(f)}`;
}

function header(title: string, o: SectionOutcome<unknown>, rate = 'ok req/s'): string {
  const load = `(load avg ${o.loadAverage1m.before.toFixed(1)} -> ${o.loadAverage1m.after.toFixed(1)})`;
  return `${title.padEnd(59)}${rate.padStart(9)}${'p50'.padStart(9)}${'p99'.padStart(9)}   non-2xx   ${load}`;
}

function failed(title: string, o: SectionOutcome<unknown> & { ok: false }): string[] {
  return [header(title, o), `   FAILED: ${o.error}`];
}

export function foundationLines(o: SectionOutcome<FoundationResult>): string[] {
  const title = '1. Foundation (system-erp)';
  if (!o.ok) return failed(title, o);
  const f = o.figures;
  const cold = f.coldCache;
  const others = Object.entries(cold.otherAnswersByStatus).map(([s, n]) => `${int(n)}x${s}`);
  return [
    header(title, o),
    `   ${f.pinned}; each figure the best of ${f.rounds} runs taken in turns; system-erp logs at info, as deployed`,
    row('system-erp cached inventory read', f.systemErp),
    row('bare Fastify, same JSON body', f.bareFastify),
    `   ratio system-erp / bare Fastify: ${x(f.ratio)} (one warm key, ${f.key.storeId}/${f.key.sku})` +
      (f.cpuRatio !== undefined
        ? `; by app CPU per answer ${x(f.cpuRatio)} (${us(f.bareFastify.appCpuUsPerRequest!)} bare, ${us(f.systemErp.appCpuUsPerRequest!)} system-erp)`
        : ''),
    `   cold cache: ${int(cold.reads)} reads over ${cold.skus} SKUs of ${cold.storeId} (${cold.concurrency} at a time, ${int(cold.readsAnsweredOk)} answered 200${others.length > 0 ? `, ${others.join(' ')}` : ''}):`,
    `     ${int(cold.erpCalls)} ERP stock calls (${int(cold.erpCallsRefused)} refused by the ERP quota) = ${cold.erpCallsPer1000Reads.toFixed(0)} ERP calls per 1,000 reads`,
    `   at half the peak, paced: ${int(f.erpDown.ratePerS)}/s evenly spaced over up to ${f.erpDown.connections} connections, each latency from its send (requests keep going out while earlier ones wait), the lowest p99 of ${f.rounds} runs; entries fresh for 1 s and revalidated for 1 s more; goal with the ERP down: p99 under 10 ms`,
    row('  ERP up, same rate', f.erpDown.erpUp),
    row(
      `  ERP down, served stale (X-Cache ${f.erpDown.cacheState ?? 'none'} after the run)`,
      f.erpDown.figures,
    ),
    `     ${int(f.erpDown.erpCalls)} ERP stock calls during the run (refreshes of the one key, refused by the outage or never sent past the open breaker)`,
  ];
}

export function channelEdgeLines(o: SectionOutcome<ChannelEdgeResult>): string[] {
  const title = '2. Channel edge (experience-storefront)';
  if (!o.ok) return failed(title, o);
  const f = o.figures;
  return [
    header(title, o),
    `   ${f.pinned}; each figure the best of ${f.rounds} runs taken in turns (other work on the machine only lowers a run)`,
    row('storefront availability, production defaults', f.rateLimitingOn),
    ...(f.deployedShape ? [row('  the same with REDIS_URL (deployed shape)', f.deployedShape)] : []),
    row('  the same settings again (a twin: run-to-run spread)', f.twin),
    ...f.layers.map((l) => row(`  without ${l.layer}`, l.without)),
    row('plain Nest on Fastify, same JSON body', f.nestFloor),
    row('bare Fastify, same JSON body', f.bareFastify),
    `   ratio storefront (production defaults) / bare Fastify: ${x(f.onOverBare)} (one warm key, ${f.key.storeId}/${f.key.sku}); Nest floor ${x(f.nestFloorOverBare)}`,
    `   ratio rate limiting on / off: ${x(f.onOverOff)}`,
    ...(f.deployedShape
      ? [
          `   deployed shape (rate-limit counters and cache in Redis) / bare Fastify: ${x(f.deployedShape.okPerS / f.bareFastify.okPerS)}; app CPU per answer ${us(cpu(f.deployedShape))}`,
        ]
      : ['   deployed shape (Redis): skipped (set BENCH_REDIS_URL)']),
    '   app CPU per answer (its own CPU time, least of the runs): ' +
      `storefront ${us(cpu(f.rateLimitingOn))}, Nest floor ${us(cpu(f.nestFloor))}, bare Fastify ${us(cpu(f.bareFastify))}` +
      ` -> by app CPU, storefront / bare Fastify ${x(f.cpuRatioToBare)}`,
    '   layer cost in app CPU per answer (production minus the run without it):',
    ...f.layers.map((l) => `     ${l.layer.padEnd(46)} ${us(l.costUs)}`),
    `     ${"the rest of the project's own path".padEnd(46)} ${us(cpu(f.rateLimitingOn) - cpu(f.nestFloor) - f.layers.reduce((sum, l) => sum + l.costUs, 0))}  (beyond the Nest floor)`,
    `     each give or take ${us(Math.abs(cpu(f.rateLimitingOn) - cpu(f.twin)))}: the production settings and their twin, run in the same rounds`,
  ];
}

/** Where an order's CPU goes, by process, and how many orders a second the machine's cores could place at that cost. */
function cpuPerOrderLine(cpuPerOrderMs: Record<string, number>, cpus: number): string {
  const parts = Object.entries(cpuPerOrderMs).sort(([, a], [, b]) => b - a);
  const total = parts.reduce((sum, [, t]) => sum + t, 0);
  return (
    `   CPU per accepted order, its drain included: ${parts.map(([name, t]) => `${name} ${t.toFixed(1)} ms`).join(', ')}` +
    ` = ${total.toFixed(1)} ms: ${cpus} cores keep up with about ${int((cpus * 1000) / total)} orders/s at that cost (accepting can run ahead while the drain lags)`
  );
}

function pickupOrdersLines(
  o: SectionOutcome<PickupOrdersResult> | undefined,
  database: string,
  cpus: number,
): string[] {
  const title = `3. Pickup orders, process-orders on ${database}`;
  if (!o) return [`${title}: skipped (set BENCH_DATABASE_URL)`];
  if (!o.ok) return failed(title, o);
  const f = o.figures;
  const d = f.drain;
  const others =
    Object.entries(d.otherAnswersByStatus)
      .map(([s, n]) => `${int(n)}x${s}`)
      .join(' ') || 'none';
  const lines = [
    header(title, o, 'orders/s'),
    row(`${int(f.orders)} orders via ${f.entry}`, f.accept),
    ...(f.entry === 'process-orders'
      ? [
          '   (experience-storefront has no POST /v1/pickup-orders yet: orders went straight to process-orders with the service key)',
        ]
      : []),
    ...(f.firstRefusal
      ? [`   !!! only ${int(f.accepted)} of ${int(f.orders)} accepted; first refusal: ${f.firstRefusal}`]
      : []),
    `   answers: ${Object.entries(f.answersByStatus)
      .map(([s, n]) => `${int(n)}x${s}`)
      .join(' ')}; 5xx ${int(f.serverErrors)}; ` +
      `mismatches (told accepted without ERP demand, or demand for an order not told accepted) ${int(f.mismatches)}`,
    ...(Object.keys(f.refusalsByType).length > 0
      ? [
          `   refusals: ${Object.entries(f.refusalsByType)
            .map(([t, n]) => `${int(n)}x ${t}`)
            .join(', ')}`,
        ]
      : []),
    `   ${int(f.accepted)} accepted over ${f.stores} stores and ${int(f.skus)} SKUs, ${f.connections} connections, in ${f.accept.durationS.toFixed(1)} s`,
    `   ERP drain: ${int(d.documents)} DEMAND documents in ${d.firstToLastS.toFixed(1)} s = ${d.postingsPerS.toFixed(1)} postings/s; ` +
      `backlog clear ${d.backlogClearedAfterS.toFixed(1)} s after the first order`,
    `   quota: ERP_POSTING_RATE_PER_S ${d.configuredRatePerS}/s, sandbox ERP ${Number.isFinite(d.sandboxQuotaPerS) ? `${int(d.sandboxQuotaPerS)}/s` : 'unlimited'}` +
      ` -> drain / quota ${x(d.ratioToQuota)}; other ERP answers: ${others}; pending ${d.pendingAtEnd}, dead ${d.deadAtEnd}`,
    cpuPerOrderLine(f.cpuPerOrderMs, cpus),
  ];
  if (f.documentsMatchOrders)
    lines.push(`   ERP documents = accepted orders: ${int(d.documents)} = ${int(f.accepted)}, one per order`);
  else
    lines.push(
      `   !!! MISMATCH: ${int(d.documents)} ERP documents (${int(d.distinctReferences)} distinct references) for ${int(f.accepted)} accepted orders !!!`,
    );
  return lines;
}

function storeSalesLines(o: SectionOutcome<StoreSalesResult>): string[] {
  const title =
    o.ok && o.figures.replicas === 2
      ? '4b. Store sales backlog, two replicas of process-orders on PostgreSQL'
      : '4. Store sales backlog';
  if (!o.ok) return failed(title, o);
  const f = o.figures;
  return [
    `${title}: ${int(f.uniqueSales)} sales from ${f.registers} registers, ${int(f.sent)} sent (10% twice) in batches of ${f.batchSize} by ${f.senders} senders`,
    ...(f.firstFailure ? [`   !!! a batch failed: ${f.firstFailure}`] : []),
    `   accepted ${int(f.accepted)} in ${f.acceptS.toFixed(1)} s = ${int(f.acceptedPerS)} accepted sales/s; ${int(f.duplicates)} duplicates, ${int(f.refused)} refused`,
    f.replicas === 2
      ? `   ERP drain: ${int(f.documents)} SALE documents in ${f.drainS.toFixed(1)} s = ${f.postingsPerS.toFixed(1)} postings/s against a shared quota of ${f.configuredRatePerS}/s -> drain / quota ${x(f.ratioToQuota)}`
      : `   ERP drain: ${int(f.documents)} SALE documents in ${f.drainS.toFixed(1)} s = ${f.postingsPerS.toFixed(1)} postings/s (ERP_POSTING_RATE_PER_S ${f.configuredRatePerS}; one embedded replica)`,
    f.documentsMatchSales
      ? `   ERP documents = unique sales: ${int(f.documents)} = ${int(f.uniqueSales)}, one per sale`
      : `   !!! MISMATCH: ${int(f.documents)} ERP documents (${int(f.distinctReferences)} distinct) for ${int(f.uniqueSales)} unique sales, ${int(f.accepted)} accepted !!!`,
  ];
}

function returnsLines(o: SectionOutcome<ReturnsResult>): string[] {
  const title = '5. Returns at the counter';
  if (!o.ok) return failed(title, o);
  const f = o.figures;
  return [
    `${header(title, o, 'returns/s')}`,
    `   ${`${int(f.returns)} returns of ${int(f.sales)} sales, ${f.senders} registers`.padEnd(44)}${int(f.refundedPerS).padStart(9)}${ms(f.p50Ms).padStart(9)}${ms(f.p99Ms).padStart(9)}   ${int(f.refused)}`,
    ...(f.firstFailure ? [`   !!! a return failed: ${f.firstFailure}`] : []),
    f.creditMemosMatchReturns
      ? `   ERP credit memos = returns: ${int(f.creditMemos)} = ${int(f.refunded)}, one per return`
      : `   !!! MISMATCH: ${int(f.creditMemos)} credit memos (${int(f.distinctReferences)} distinct) for ${int(f.refunded)} refunded returns of ${int(f.returns)} !!!`,
  ];
}

function erpDrainLines(title: string, outcome: SectionOutcome<ErpDrainResult> | undefined): string[] {
  if (!outcome) return [`${title}: skipped (set BENCH_DATABASE_URL to a PostgreSQL the replicas share)`];
  if (!outcome.ok) return [`${title}: FAILED (${outcome.error})`];
  const d = outcome.figures;
  const shape =
    d.replicas === 1
      ? `1 replica of process-orders on ${d.database}`
      : `${d.replicas} replicas of process-orders sharing one quota in ${d.database}`;
  return [
    `${title}: ${shape}`,
    `   ${int(d.documents)} DEMAND documents (${int(d.distinctReferences)} distinct) of a ${int(d.postings)}-posting backlog in ${d.firstToLastS.toFixed(1)} s = ${d.postingsPerS.toFixed(1)} postings/s`,
    `   quota ${d.quota.perS}/s and ${d.quota.maxConcurrent} in flight (sandbox ERP and ERP_POSTING_*) -> drain / quota ${x(d.ratioToQuota)} (goal 0.90-1.00); ` +
      `ERP saw at most ${d.maxInFlight} in flight, ${d.refusedForQuota} refused for quota; pending ${d.pendingAtEnd}, dead ${d.deadAtEnd}`,
  ];
}

function erpDrainSummary(name: string, e: SectionOutcome<ErpDrainResult>): string {
  return e.ok
    ? `${name}: ${e.figures.postingsPerS.toFixed(1)} postings/s = ${x(e.figures.ratioToQuota)} quota, ` +
        `max ${e.figures.maxInFlight} in flight of ${e.figures.quota.maxConcurrent}, ${e.figures.refusedForQuota} refused for quota`
    : `${name}: FAILED (${e.error})`;
}

/** One line per section, for the end of the output and the README. */
export function summaryOf(report: Omit<BenchReport, 'summary'>): string[] {
  const lines: string[] = [];
  const { foundation: f, channelEdge: c, pickupOrders: p, storeSales: s, returns: r } = report;
  lines.push(
    f.ok
      ? `foundation: system-erp cached reads ${int(f.figures.systemErp.okPerS)}/s = ${x(f.figures.ratio)} bare Fastify (${int(f.figures.bareFastify.okPerS)}/s), ` +
          `p99 ${ms(f.figures.systemErp.p99Ms)}; ${f.figures.coldCache.erpCallsPer1000Reads.toFixed(0)} ERP calls per 1,000 cold reads over ${f.figures.coldCache.skus} SKUs; ` +
          `ERP down: stale at ${int(f.figures.erpDown.figures.okPerS)}/s, p99 ${ms(f.figures.erpDown.figures.p99Ms)}`
      : `foundation: FAILED (${f.error})`,
  );
  lines.push(
    c.ok
      ? `channel edge: storefront availability ${int(c.figures.rateLimitingOn.okPerS)}/s = ${x(c.figures.onOverBare)} bare Fastify, p99 ${ms(c.figures.rateLimitingOn.p99Ms)}; ` +
          `rate limiting on/off ${x(c.figures.onOverOff)}`
      : `channel edge: FAILED (${c.error})`,
  );
  for (const [database, o] of [
    ['PGlite', p],
    ['PostgreSQL', report.pickupOrdersOnPostgres],
  ] as const) {
    if (!o) continue;
    lines.push(
      o.ok
        ? `pickup orders on ${database}: ${int(o.figures.accepted)} accepted via ${o.figures.entry} at ${int(o.figures.accept.okPerS)}/s, p99 ${ms(o.figures.accept.p99Ms)}; ` +
            `ERP drained ${o.figures.drain.postingsPerS.toFixed(1)} postings/s = ${x(o.figures.drain.ratioToQuota)} quota; ` +
            `${int(o.figures.drain.documents)} documents for ${int(o.figures.accepted)} orders ${o.figures.documentsMatchOrders ? 'OK' : 'MISMATCH'}`
        : `pickup orders on ${database}: FAILED (${o.error})`,
    );
  }
  lines.push(
    s.ok
      ? `store sales: ${int(s.figures.accepted)} of ${int(s.figures.uniqueSales)} accepted at ${int(s.figures.acceptedPerS)}/s in batches of ${s.figures.batchSize}; ` +
          `${int(s.figures.documents)} ERP documents for ${int(s.figures.uniqueSales)} unique sales ${s.figures.documentsMatchSales ? 'OK' : 'MISMATCH'}`
      : `store sales: FAILED (${s.error})`,
  );
  lines.push(
    r.ok
      ? `returns: ${int(r.figures.refunded)} of ${int(r.figures.returns)} refunded at ${int(r.figures.refundedPerS)}/s, p50 ${ms(r.figures.p50Ms)}, p99 ${ms(r.figures.p99Ms)}; ` +
          `${int(r.figures.creditMemos)} credit memos for ${int(r.figures.refunded)} returns ${r.figures.creditMemosMatchReturns ? 'OK' : 'MISMATCH'}`
      : `returns: FAILED (${r.error})`,
  );
  lines.push(erpDrainSummary('ERP drain, 1 replica (PGlite)', report.erpDrainOneReplica));
  if (report.erpDrain) lines.push(erpDrainSummary('ERP drain, 2 replicas (PostgreSQL)', report.erpDrain));
  return lines;
}

/** The printed report. */
export function render(report: BenchReport): string {
  const c = report.conditions;
  return [
    `Omnigate benchmark ${c.startedAt}: Node ${c.node}, ${c.cpus} CPUs, load average ${c.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}`,
    `stores: ${c.stores}`,
    `channel calls: ${c.channelClient}`,
    `reads: ${c.connections} connections, ${c.durationS} s per timed run after ${c.warmUpS} s of warm-up; autocannon runs in the bench process, each app in its own`,
    '',
    ...foundationLines(report.foundation),
    '',
    ...channelEdgeLines(report.channelEdge),
    '',
    ...pickupOrdersLines(report.pickupOrders, 'PGlite', c.cpus),
    '',
    ...pickupOrdersLines(report.pickupOrdersOnPostgres, 'PostgreSQL', c.cpus),
    '',
    ...storeSalesLines(report.storeSales),
    ...(report.storeSalesTwoReplicas ? storeSalesLines(report.storeSalesTwoReplicas) : []),
    '',
    ...returnsLines(report.returns),
    '',
    ...erpDrainLines('6. ERP drain, one replica', report.erpDrainOneReplica),
    '',
    ...erpDrainLines('7. ERP drain, two replicas', report.erpDrain),
    '',
    'Summary',
    ...report.summary.map((line) => `  ${line}`),
    '',
  ].join('\n');
}
