import type { OpenAPIObject } from '@nestjs/swagger';
import { callerKeyDigestsSetting } from '@omnigate/auth';
import { loadConfig } from '@omnigate/config';
import { createHttpApp, buildOpenApiDocument, type HttpAppOptions } from '@omnigate/server';
import { controlTowerApp } from '../apps/control-tower/src/control-tower.app';
import { ControlTowerConfig } from '../apps/control-tower/src/control-tower.config';
import { experiencePosApp } from '../apps/experience-pos/src/experience-pos.app';
import { ExperiencePosConfig } from '../apps/experience-pos/src/experience-pos.config';
import { experienceStorefrontApp } from '../apps/experience-storefront/src/experience-storefront.app';
import { ExperienceStorefrontConfig } from '../apps/experience-storefront/src/experience-storefront.config';
import { processOrdersApp } from '../apps/process-orders/src/process-orders.app';
import { ProcessOrdersConfig } from '../apps/process-orders/src/process-orders.config';
import { sandboxApp } from '../apps/sandbox/src/sandbox.app';
import { SandboxConfig } from '../apps/sandbox/src/sandbox.config';
import { systemErpApp } from '../apps/system-erp/src/system-erp.app';
import { SystemErpConfig } from '../apps/system-erp/src/system-erp.config';
import { systemLoyaltyApp } from '../apps/system-loyalty/src/system-loyalty.app';
import { SystemLoyaltyConfig } from '../apps/system-loyalty/src/system-loyalty.config';
import { systemOmsApp } from '../apps/system-oms/src/system-oms.app';
import { SystemOmsConfig } from '../apps/system-oms/src/system-oms.config';
import { systemPosApp } from '../apps/system-pos/src/system-pos.app';
import { SystemPosConfig } from '../apps/system-pos/src/system-pos.config';

/** Settings that make every app's configuration valid without a real environment. */
const DOCUMENT_ENV = {
  LOG_LEVEL: 'silent',
  INTERNAL_SERVICE_KEY: 'openapi-generation-placeholder-key',
  INTERNAL_CALLER_KEY_DIGESTS: callerKeyDigestsSetting({ operator: 'openapi-generation-placeholder-key' }),
};

/** Each app's options, built from its defaults: the OpenAPI document must not depend on the machine. */
export const DOCUMENTED_APPS: Record<string, () => HttpAppOptions> = {
  sandbox: () => sandboxApp(loadConfig(SandboxConfig, DOCUMENT_ENV)),
  'system-erp': () => systemErpApp(loadConfig(SystemErpConfig, DOCUMENT_ENV)),
  'system-pos': () => systemPosApp(loadConfig(SystemPosConfig, DOCUMENT_ENV)),
  'system-loyalty': () => systemLoyaltyApp(loadConfig(SystemLoyaltyConfig, DOCUMENT_ENV)),
  'system-oms': () => systemOmsApp(loadConfig(SystemOmsConfig, DOCUMENT_ENV)),
  'process-orders': () => processOrdersApp(loadConfig(ProcessOrdersConfig, DOCUMENT_ENV)),
  'experience-storefront': () =>
    experienceStorefrontApp(loadConfig(ExperienceStorefrontConfig, DOCUMENT_ENV)),
  'experience-pos': () => experiencePosApp(loadConfig(ExperiencePosConfig, DOCUMENT_ENV)),
  'control-tower': () => controlTowerApp(loadConfig(ControlTowerConfig, DOCUMENT_ENV)),
};

/** Builds one app's OpenAPI document in process, without listening. */
export async function buildDocument(app: string): Promise<OpenAPIObject> {
  const options = DOCUMENTED_APPS[app]();
  const nest = await createHttpApp(options);
  try {
    await nest.init();
    return buildOpenApiDocument(nest, options.api, 'corsOrigins' in options);
  } finally {
    await nest.close();
  }
}
