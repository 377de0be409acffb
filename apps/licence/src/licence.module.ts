import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PlatformModule, type ServiceRuntime } from '@hall/platform';
import { LicenceStore } from './licence.store.js';

/** The licence service: platform (health, docs, auth, outbox relay) in place; features come with its issue. */
@Module({})
export class LicenceModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(LicenceStore) private readonly store: LicenceStore) {}

  static register(runtime: ServiceRuntime): DynamicModule {
    return {
      module: LicenceModule,
      imports: [PlatformModule.forService(runtime)],
      providers: [{ provide: LicenceStore, useValue: new LicenceStore(runtime) }],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.stop();
  }
}
