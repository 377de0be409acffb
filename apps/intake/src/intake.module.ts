import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ImplementationPublished, ImplementationRetired } from '@hall/contracts';
import { PlatformModule, type ServiceRuntime } from '@hall/platform';
import { onImplementationPublished, onImplementationRetired } from './implementations/implementation-view.consumer.js';
import { ImplementationsController } from './implementations/implementations.controller.js';
import { IntakeStore } from './intake.store.js';

@Module({})
export class IntakeModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(IntakeStore) private readonly store: IntakeStore) {}

  static register(runtime: ServiceRuntime): DynamicModule {
    const store = new IntakeStore(runtime);
    store.messaging.consumer.on(ImplementationPublished, onImplementationPublished);
    store.messaging.consumer.on(ImplementationRetired, onImplementationRetired);
    return {
      module: IntakeModule,
      imports: [PlatformModule.forService(runtime)],
      controllers: [ImplementationsController],
      providers: [{ provide: IntakeStore, useValue: store }],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.stop();
  }
}
