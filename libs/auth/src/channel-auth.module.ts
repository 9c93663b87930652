import { type DynamicModule, Module } from '@nestjs/common';
import { ApiKeyStore } from './api-key.store';
import { CHANNEL_AUTH_OPTIONS, type ChannelAuthOptions } from './channel-auth.options';
import { ChannelAuthGuard } from './channel-auth.guard';
import { ClientAppRegistry } from './client-app-registry';
import { JwtBearerVerifier } from './jwt-bearer.verifier';

/** Provides {@link ChannelAuthGuard} for an experience app; the app installs it as a guard. */
@Module({})
export class ChannelAuthModule {
  /** Loads the client-app registry at boot (a bad file stops the start) and configures the accepted channels. */
  static forRoot(options: ChannelAuthOptions): DynamicModule {
    if (options.channels.length === 0)
      throw new Error('ChannelAuthModule: name at least one accepted channel');
    return {
      module: ChannelAuthModule,
      providers: [
        { provide: CHANNEL_AUTH_OPTIONS, useValue: options },
        { provide: ClientAppRegistry, useFactory: () => ClientAppRegistry.fromFile(options.registryFile) },
        {
          provide: ApiKeyStore,
          useFactory: (registry: ClientAppRegistry) => new ApiKeyStore(registry.apps),
          inject: [ClientAppRegistry],
        },
        ...(options.jwks
          ? [{ provide: JwtBearerVerifier, useValue: new JwtBearerVerifier(options.jwks) }]
          : []),
        ChannelAuthGuard,
      ],
      exports: [ChannelAuthGuard, ClientAppRegistry],
    };
  }
}
