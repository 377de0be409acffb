import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ManualClock } from '@hall/calendar';
import { PlatformModule, SERVICE_RUNTIME, type ServiceRuntime } from '@hall/platform';
import { DISCLOSURE_CLOCK } from './disclosure.clock.js';
import { DisclosureStore } from './disclosure.store.js';
import { AttachmentsService } from './items/attachments.service.js';
import { ItemsController } from './items/items.controller.js';
import { countItems } from './items/item.repository.js';
import { ItemsService } from './items/items.service.js';
import { OverdueController } from './items/overdue.controller.js';
import { PublicController } from './public/public.controller.js';
import { PublicService } from './public/public.service.js';

/** The disclosure service (政务公开): 主动公开 items, 保密审查, publication, history and the public listing. */
@Module({})
export class DisclosureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(DisclosureStore) private readonly store: DisclosureStore,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(ItemsService) private readonly items: ItemsService,
  ) {}

  static register(runtime: ServiceRuntime): DynamicModule {
    const store = new DisclosureStore(runtime);
    const clock = new ManualClock(); // real time; tests set it through DISCLOSURE_CLOCK
    return {
      module: DisclosureModule,
      imports: [PlatformModule.forService(runtime)],
      controllers: [ItemsController, OverdueController, PublicController],
      providers: [
        { provide: DisclosureStore, useValue: store },
        { provide: DISCLOSURE_CLOCK, useValue: clock },
        { provide: ItemsService, useValue: new ItemsService(store, clock) },
        { provide: AttachmentsService, useValue: new AttachmentsService(store, runtime, clock) },
        { provide: PublicService, useValue: new PublicService(store) },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.start();
    const filled = await this.items.fillSearchText();
    if (filled > 0) this.runtime.logger.log(`disclosure: pinyin search text filled for ${filled} items`);
    if (this.runtime.seedDemoData && (await countItems(this.store.prisma)) === 0) {
      // Embedded mode, first start: a few published items so the public pages are not empty.
      const { seedDemoItems } = await import('./seed/demo-items.js');
      const n = await seedDemoItems(this.items);
      this.runtime.logger.log(`disclosure: ${n} demo items published`);
    }
    this.runtime.logger.log('disclosure: ready');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.stop();
  }
}
