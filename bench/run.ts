import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { benchChannelEdge } from './channel-edge.section';
import { writeBenchClientRegistry } from './client-registry';
import { benchErpDrain } from './erp-drain.section';
import { benchFoundation } from './foundation.section';
import type { LoadSettings } from './load';
import { benchPickupOrders } from './pickup-orders.section';
import {
  type BenchReport,
  type RunConditions,
  type SectionOutcome,
  channelEdgeLines,
  foundationLines,
  render,
  summaryOf,
} from './report';
import { SandboxAdmin } from './sandbox-admin';
import { benchReturns } from './returns.section';
import { benchStoreSales } from './store-sales.section';
import { MACHINE_CPUS, REPO_ROOT, newCallers, startBackendStack, withMeasuredCoreAlone } from './stack';

/**
 * `npm run bench`: starts the stack from dist/ on embedded defaults (in-memory caches and rate-limit
 * counters, PGlite), measures the three sections against each other in this one run, prints the
 * report and writes it to bench/results/latest.json. Exits 1 when a section fails or the ERP
 * documents do not match the accepted orders one for one.
 */

// Short runs: the machine has two cores and the whole bench should take a few minutes.
const LOAD: LoadSettings = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  durationS: Number(process.env.BENCH_DURATION_S ?? 6),
  warmUpS: Number(process.env.BENCH_WARM_UP_S ?? 2),
};

/** Timed runs per target in the read sections, best kept (BENCH_ROUNDS). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** `--section <name>` (repeatable, matched case-insensitively as a prefix of a section's name): run only those; the report is then not written to latest.json. */
const SELECTED = process.argv.flatMap((arg, i, all) =>
  arg === '--section' && all[i + 1] ? [all[i + 1].toLowerCase()] : [],
);
const selected = (name: string) =>
  SELECTED.length === 0 || SELECTED.some((s) => name.toLowerCase().startsWith(s));

async function section<T>(name: string, run: () => Promise<T>): Promise<SectionOutcome<T>> {
  if (!selected(name))
    return { ok: false, error: 'not selected (--section)', loadAverage1m: { before: 0, after: 0 } };
  process.stderr.write(`bench: ${name}...\n`);
  const started = Date.now();
  const before = loadavg()[0];
  try {
    const figures = await run();
    process.stderr.write(`bench: ${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    return { ok: true, figures, loadAverage1m: { before, after: loadavg()[0] } };
  } catch (error) {
    process.stderr.write(`bench: ${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, error: message, loadAverage1m: { before, after: loadavg()[0] } };
  }
}

async function main(): Promise<number> {
  const conditions: RunConditions = {
    startedAt: new Date().toISOString(),
    node: process.version,
    cpus: MACHINE_CPUS,
    loadAverageAtStart: loadavg(),
    stores:
      'embedded defaults: in-memory caches and rate-limit counters (no Redis), PGlite in memory (no PostgreSQL)',
    channelClient: '',
    ...LOAD,
  };
  const client = writeBenchClientRegistry();
  conditions.channelClient = `${client.clientAppId} on plan ${client.plan.name} (${client.plan.limitPerS.toLocaleString('en-US')}/s, priority ${client.plan.priority})`;
  const stack = await startBackendStack(newCallers());
  try {
    const sandbox = new SandboxAdmin(stack.sandbox.url);
    const seed = await sandbox.seed();
    const stores = seed.stores.map((s) => s.storeId);
    // Each section reads its own stores, so no section finds another's cache entries or reservations.
    const readStore = stores[2];
    const carried = [...(await sandbox.erpStock(readStore, seed.skus.slice(0, 100)))]
      .filter(([, available]) => available > 0)
      .map(([sku]) => sku);

    const foundation = await section('foundation', () =>
      withMeasuredCoreAlone(() =>
        benchFoundation(
          stack,
          sandbox,
          {
            warm: { storeId: readStore, sku: carried[0] },
            coldStoreId: stores[3],
            coldSkus: seed.skus.slice(0, 100),
          },
          { ...LOAD, rounds: ROUNDS },
        ),
      ),
    );
    const channelEdge = await section('channel edge', () =>
      withMeasuredCoreAlone(() =>
        benchChannelEdge(
          stack,
          client,
          { storeId: readStore, sku: carried[1] },
          { ...LOAD, rounds: ROUNDS },
          process.env.BENCH_REDIS_URL,
        ),
      ),
    );
    const pickupOrders = await section('pickup orders', () =>
      benchPickupOrders(stack, sandbox, client, { storeIds: stores.slice(4), skus: seed.skus.slice(100) }),
    );
    // The same on PostgreSQL, on SKUs of their own: the PGlite run's reservations hold units of its SKUs.
    const databaseUrl = process.env.BENCH_DATABASE_URL;
    const pickupOrdersOnPostgres = databaseUrl
      ? await section('pickup orders on PostgreSQL', () =>
          benchPickupOrders(
            stack,
            sandbox,
            client,
            { storeIds: stores.slice(4), skus: seed.skus.slice(700, 900) },
            databaseUrl,
          ),
        )
      : undefined;

    // Sales post documents only: they touch no stock and no cache, so any stores will do.
    const storeSales = await section('store sales', () =>
      benchStoreSales(stack, sandbox, { storeIds: stores.slice(0, 4), skus: seed.skus.slice(0, 50) }),
    );
    // The deployed shape: two replicas drain one backlog within one quota they share through PostgreSQL.
    const storeSalesTwoReplicas = databaseUrl
      ? await section('store sales, two replicas', () =>
          benchStoreSales(
            stack,
            sandbox,
            { storeIds: stores.slice(20, 24), skus: seed.skus.slice(50, 100) },
            { replicas: 2, databaseUrl },
          ),
        )
      : undefined;

    // Returns record their own sales first; their restocked units land on stores no other section reads.
    const returns = await section('returns', () =>
      benchReturns(stack, sandbox, { storeIds: stores.slice(8, 12), skus: seed.skus.slice(0, 100) }),
    );

    // One replica on its embedded PGlite; two share their quota through PostgreSQL, which the embedded defaults do not have.
    const drainPicks = { storeIds: stores.slice(12, 20), skus: seed.skus.slice(300, 500) };
    const erpDrainOneReplica = await section('ERP drain, one replica', () =>
      benchErpDrain(stack, sandbox, drainPicks, { replicas: 1 }),
    );
    const erpDrain = databaseUrl
      ? await section('ERP drain, two replicas', () =>
          benchErpDrain(
            stack,
            sandbox,
            { storeIds: drainPicks.storeIds, skus: seed.skus.slice(500, 700) },
            { replicas: 2, databaseUrl },
          ),
        )
      : undefined;

    const partial = {
      conditions,
      foundation,
      channelEdge,
      pickupOrders,
      ...(pickupOrdersOnPostgres && { pickupOrdersOnPostgres }),
      storeSales,
      ...(storeSalesTwoReplicas && { storeSalesTwoReplicas }),
      returns,
      erpDrainOneReplica,
      ...(erpDrain && { erpDrain }),
    };
    const report: BenchReport = { ...partial, summary: summaryOf(partial) };
    process.stdout.write(render(report));
    const took = `the run took ${((Date.now() - Date.parse(conditions.startedAt)) / 1000).toFixed(0)} s`;
    if (SELECTED.length > 0) {
      process.stdout.write(
        `${JSON.stringify(report, null, 2)}\nsections ${SELECTED.join(', ')} only, not written to bench/results; ${took}\n`,
      );
      return 0;
    }
    const resultsDir = join(REPO_ROOT, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`written to bench/results/latest.json; ${took}\n`);

    const allRan = foundation.ok && channelEdge.ok && pickupOrders.ok && storeSales.ok && returns.ok;
    return allRan &&
      pickupOrders.figures.documentsMatchOrders &&
      storeSales.figures.documentsMatchSales &&
      (storeSalesTwoReplicas === undefined ||
        (storeSalesTwoReplicas.ok && storeSalesTwoReplicas.figures.documentsMatchSales)) &&
      returns.figures.creditMemosMatchReturns
      ? 0
      : 1;
  } finally {
    await stack.stop();
    rmSync(dirname(client.registryFile), { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
