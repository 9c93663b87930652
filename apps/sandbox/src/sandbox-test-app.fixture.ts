import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { SandboxClock } from './sandbox-clock';
import { MovableSandboxClock } from './sandbox-clock.fake';
import { BACKEND_NAMES } from './traffic/backend-name';
import { SandboxModule } from './sandbox.module';

/** The seed summary of `GET /_admin/seed`, as specs read it. */
export interface SeedSummary {
  skus: string[];
  stores: Array<{ storeId: string; registers: string[]; priceListId: string }>;
  members: Array<{ memberNumber: string; points: number; status: string }>;
  promotions: Array<{ promoId: string; itemIds: string[]; storeIds: string[]; activeNow: boolean }>;
}

/** Boots the sandbox module on Fastify, in process, for specs, on a clock that moves only when told ({@link clockOf}). */
export async function startSandbox(): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [SandboxModule] })
    .overrideProvider(SandboxClock)
    .useValue(new MovableSandboxClock())
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** The clock of a sandbox started by {@link startSandbox}: move it instead of waiting. */
export function clockOf(app: NestFastifyApplication): MovableSandboxClock {
  return app.get(SandboxClock) as MovableSandboxClock;
}

/** Back to the seeded world and default faults, but with no latency so specs run quickly. */
export async function resetSandbox(app: NestFastifyApplication): Promise<SeedSummary> {
  await app.inject({ method: 'POST', url: '/_admin/reset' });
  for (const backend of BACKEND_NAMES) {
    await app.inject({ method: 'PUT', url: `/_admin/faults/${backend}`, payload: { latencyMs: 0 } });
  }
  return (await app.inject({ method: 'GET', url: '/_admin/seed' })).json<SeedSummary>();
}

/** Changes a backend's fault settings through the admin API, failing the spec if refused. */
export async function changeFaults(
  app: NestFastifyApplication,
  backend: string,
  patch: object,
): Promise<void> {
  const answer = await app.inject({ method: 'PUT', url: `/_admin/faults/${backend}`, payload: patch });
  if (answer.statusCode !== 200) throw new Error(`fault change refused: ${answer.body}`);
}

const ERP_ROOT = '/erp/sap/opu/odata/sap';

/** The ERP's stock row for one item at one store (on hand and reserved, as numbers), or undefined. */
export async function erpStock(app: NestFastifyApplication, storeId: string, sku: string) {
  const filter = encodeURIComponent(`Plant eq '${storeId}' and (Material eq '${sku}')`);
  const answer = await app.inject({
    method: 'GET',
    url: `${ERP_ROOT}/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod?$filter=${filter}`,
  });
  const row = answer.json<{
    d: { results: Array<{ MatlWrhsStkQtyInMatlBaseUnit: string; ReservedQuantity: string }> };
  }>().d.results[0];
  return row && { onHand: Number(row.MatlWrhsStkQtyInMatlBaseUnit), reserved: Number(row.ReservedQuantity) };
}

/** A sku the store carries with at least `minimum` units on hand and none reserved. */
export async function stockedSku(
  app: NestFastifyApplication,
  seed: SeedSummary,
  storeId: string,
  minimum: number,
) {
  for (const sku of seed.skus) {
    const level = await erpStock(app, storeId, sku);
    if (level && level.reserved === 0 && level.onHand >= minimum) return { sku, onHand: level.onHand };
  }
  throw new Error(`no sku with ${minimum} units at ${storeId}`);
}
