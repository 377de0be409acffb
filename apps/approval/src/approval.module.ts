import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PlatformModule, type ServiceRuntime } from '@hall/platform';
import { ApprovalStore } from './approval.store.js';

/** The approval service: platform (health, docs, auth, outbox relay) in place; features come with its issue. */
@Module({})
export class ApprovalModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(ApprovalStore) private readonly store: ApprovalStore) {}

  static register(runtime: ServiceRuntime): DynamicModule {
    return {
      module: ApprovalModule,
      imports: [PlatformModule.forService(runtime)],
      providers: [{ provide: ApprovalStore, useValue: new ApprovalStore(runtime) }],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.stop();
  }
}
