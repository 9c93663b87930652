import { loadConfigOrExit } from '@omnigate/config';
import { startHttpApp, type HttpAppOptions } from '@omnigate/server';
import { AppModule } from './app.module';
import { SandboxConfig } from './sandbox.config';

/** How the sandbox is built, for its main and for the OpenAPI generator. */
export function sandboxApp(config: SandboxConfig): HttpAppOptions {
  return {
    name: 'sandbox',
    module: AppModule,
    config,
    api: {
      title: 'Omnigate sandbox: simulated ERP, loyalty, OMS and POS back office',
      description:
        'Vendor-dialect simulators of the retailer backends, seeded with a believable retailer. Fault settings change at run time under /_admin; counters and the call log tell tests and benchmarks what each backend received.',
      vendorDialectErrors: true,
    },
  };
}

export const start = () => startHttpApp(sandboxApp(loadConfigOrExit(SandboxConfig)));
