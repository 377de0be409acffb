import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PlatformModule, type ServiceRuntime } from '@hall/platform';
import { CatalogStore } from './catalog.store.js';
import { ImplementationsController } from './implementations/implementations.controller.js';
import { ImplementationsService } from './implementations/implementations.service.js';

@Module({})
export class CatalogModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(CatalogStore) private readonly store: CatalogStore) {}

  static register(runtime: ServiceRuntime): DynamicModule {
    const store = new CatalogStore(runtime);
    return {
      module: CatalogModule,
      imports: [PlatformModule.forService(runtime)],
      controllers: [ImplementationsController],
      providers: [
        { provide: CatalogStore, useValue: store },
        { provide: ImplementationsService, useValue: new ImplementationsService(store) },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.messaging.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.messaging.stop();
    await this.store.prisma.$disconnect();
  }
}
