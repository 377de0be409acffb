import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ImplementationPublished, ImplementationRetired } from '@hall/contracts';
import { PlatformModule, type ServiceRuntime } from '@hall/platform';
import { SupervisionStore } from './supervision.store.js';
import { recordTimelineEntry } from './timelines/timeline.consumer.js';
import { TimelinesController } from './timelines/timelines.controller.js';

/** Every contract supervision records into timelines (grows with each service's events). */
const SUPERVISED_EVENTS = [ImplementationPublished, ImplementationRetired] as const;

@Module({})
export class SupervisionModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(SupervisionStore) private readonly store: SupervisionStore) {}

  static register(runtime: ServiceRuntime): DynamicModule {
    const store = new SupervisionStore(runtime);
    for (const contract of SUPERVISED_EVENTS) store.messaging.consumer.on(contract, recordTimelineEntry);
    return {
      module: SupervisionModule,
      imports: [PlatformModule.forService(runtime)],
      controllers: [TimelinesController],
      providers: [{ provide: SupervisionStore, useValue: store }],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.stop();
  }
}
