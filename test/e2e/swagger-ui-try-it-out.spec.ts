import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { type AppProcess, startApp } from '../support/app-process';
import { DEV_KEYS, TEST_SHEDDING, experienceKeys } from '../support/experience-stack';
import { type OrdersStack, startOrdersStack, stopOrdersStack } from '../support/orders-stack';

/**
 * An API consumer opens the channel APIs' Swagger UI of a running stack in a real browser (Debian's
 * chromium), authorizes with a development key and sends the documented examples with "Try it out".
 * The stack is the apps as `npm start` runs them (embedded database, in-memory stores), on free ports.
 */
describe('Swagger UI of the channel APIs, in a browser', () => {
  let stack: OrdersStack;
  let storefront: AppProcess;
  let pos: AppProcess;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    stack = await startOrdersStack({ database: 'pglite' });
    const env = {
      LOG_LEVEL: 'warn',
      SYSTEM_ERP_URL: stack.systems.erp.url,
      SYSTEM_POS_URL: stack.systems.pos.url,
      SYSTEM_LOYALTY_URL: stack.systems.loyalty.url,
      PROCESS_ORDERS_URL: stack.orders.url,
      ...TEST_SHEDDING,
    };
    [storefront, pos] = await Promise.all([
      startApp('experience-storefront', { ...env, ...experienceKeys('experience-storefront') }),
      startApp('experience-pos', { ...env, ...experienceKeys('experience-pos') }),
    ]);
    // A fresh profile: nothing authorized or cached from an earlier run.
    profile = await mkdtemp(join(tmpdir(), 'omnigate-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-gpu',
      ],
    });
  });
  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    await Promise.all([storefront?.stop(), pos?.stop()]);
    await stopOrdersStack(stack);
  });

  /** Opens an app's Swagger UI, authorizes with an API key, and reloads: the authorization must survive it. */
  async function openAuthorized(app: AppProcess, apiKey: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${app.url}/docs`);
    await page.locator('button.authorize').click();
    const apiKeyForm = page.locator('.auth-container', { hasText: 'X-Api-Key' });
    await apiKeyForm.locator('input').fill(apiKey);
    await apiKeyForm.locator('button.authorize').click();
    await apiKeyForm.locator('h6', { hasText: 'Authorized' }).waitFor();
    await page.locator('.modal-ux button.close-modal').click();
    await page.reload();
    await page.locator('.opblock').first().waitFor();
    return page;
  }

  /** The server Swagger UI sends "Try it out" to: the one selected in its servers list. */
  const selectedServer = (page: Page) => page.locator('.servers select').inputValue();

  /** Expands an operation, sends its documented example with "Try it out", and reads the status in the response panel. */
  async function tryItOut(
    page: Page,
    tag: string,
    operationId: string,
  ): Promise<{ status: string; body: string }> {
    const operation = page.locator(`#operations-${tag}-${operationId}`);
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('button.execute').click();
    const answer = operation.locator('.live-responses-table .response').first();
    await answer.waitFor({ timeout: 30_000 });
    return {
      status: (await answer.locator('.response-col_status').innerText()).trim(),
      body: await answer.locator('.response-col_description .highlight-code pre').first().innerText(),
    };
  }

  it('sends the storefront examples to this stack with a development key: availability 200, a guest pickup order 201', async () => {
    const page = await openAuthorized(storefront, DEV_KEYS.web);
    expect(await selectedServer(page)).toBe(storefront.url);

    const availability = await tryItOut(page, 'availability', 'Availability_readStoreAvailability');
    expect(availability.status).toBe('200');
    const stock = JSON.parse(availability.body) as {
      storeId: string;
      skus: { carried: boolean; available: number }[];
    };
    expect(stock.storeId).toBe('ST-6930');
    // The example's SKUs are ones the store stocks, so the example shows stock and a placement can take it.
    expect(stock.skus.map((level) => level.carried && level.available > 0)).toEqual([true, true]);

    const placement = await tryItOut(page, 'pickup-orders', 'PickupOrders_place');
    expect(placement.status).toBe('201');
    expect(JSON.parse(placement.body)).toMatchObject({ storeId: 'ST-6930', state: 'RESERVED' });
    await page.close();
  });

  it('serves the process and system documents with the stack first, or the configured PUBLIC_URL', async () => {
    const firstServer = async (app: AppProcess) =>
      ((await (await fetch(`${app.url}/docs-json`)).json()) as OpenAPIObject).servers?.[0]?.url;
    for (const app of [stack.orders, ...Object.values(stack.systems)])
      expect(await firstServer(app)).toBe(app.url);

    const published = await startApp('sandbox', {
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'https://sandbox.omnigate.test/backends',
    });
    try {
      expect(await firstServer(published)).toBe('https://sandbox.omnigate.test/backends');
    } finally {
      await published.stop();
    }
  });

  it('sends the POS price example to this stack with a register key of its store: 200', async () => {
    const page = await openAuthorized(pos, DEV_KEYS.posStore1Register);
    expect(await selectedServer(page)).toBe(pos.url);

    const prices = await tryItOut(page, 'prices', 'Prices_readStorePrices');
    expect(prices.status).toBe('200');
    expect(JSON.parse(prices.body)).toMatchObject({ storeId: 'ST-6930', unknownSkus: [] });
    await page.close();
  });
});
