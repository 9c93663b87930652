import { loadConfigOrExit } from '@omnigate/config';
import { documentCallerRateLimits } from '@omnigate/rate-limit';
import { startHttpApp, type HttpAppOptions } from '@omnigate/server';
import { AppModule } from './app.module';
import { ControlTowerConfig } from './control-tower.config';

/** How control-tower is built, for its main and for the OpenAPI generator. */
export function controlTowerApp(config: ControlTowerConfig): HttpAppOptions {
  return {
    name: 'control-tower',
    module: AppModule.register(config),
    config,
    api: {
      title: 'Omnigate control tower',
      description:
        "The platform team's operations API and page (/): flows of every workflow, the APIs' health and breakers, queues and dead letters. " +
        'Sign in with a control tower key (X-Control-Tower-Key): a viewer looks, an operator also replays; every operator action is audited.',
      secure: (builder) =>
        builder.addApiKey({ type: 'apiKey', in: 'header', name: 'X-Control-Tower-Key' }, 'controlTowerKey'),
      rateLimits: documentCallerRateLimits('person'),
    },
  };
}

export const start = () => startHttpApp(controlTowerApp(loadConfigOrExit(ControlTowerConfig)));
