import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PlatformModule, SERVICE_RUNTIME, type ServiceRuntime } from '@hall/platform';
import { BaseItemsController } from './base-items/base-items.controller.js';
import { BaseItemsService } from './base-items/base-items.service.js';
import { catalogConfigFromEnv, defaultGuideCacheDir, type CatalogConfig } from './catalog.config.js';
import { CatalogStore } from './catalog.store.js';
import { CatalogImportService } from './exchange/catalog-import.service.js';
import { ExchangeController } from './exchange/exchange.controller.js';
import { CatalogFilesRepository } from './files/catalog-files.repository.js';
import { FilesController } from './files/files.controller.js';
import { GuidePdfService } from './guides/guide-pdf.service.js';
import { DEFAULT_GUIDE_RENDER_POOL, GuideRenderPool } from './guides/guide-render.pool.js';
import { GuidesController } from './guides/guides.controller.js';
import { ImplementationsController } from './implementations/implementations.controller.js';
import { ImplementationsService } from './implementations/implementations.service.js';
import { SearchService } from './search/search.service.js';

@Module({})
export class CatalogModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(CatalogStore) private readonly store: CatalogStore,
    @Inject(CatalogImportService) private readonly importer: CatalogImportService,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(GuidePdfService) private readonly guidePdfs: GuidePdfService,
    @Inject(BaseItemsService) private readonly baseItems: BaseItemsService,
  ) {}

  /** `config` defaults to the environment (CATALOG_LOCKED_ELEMENTS …); tests pass their own. */
  static register(runtime: ServiceRuntime, config: CatalogConfig = catalogConfigFromEnv()): DynamicModule {
    const store = new CatalogStore(runtime);
    const implementations = new ImplementationsService(store, { lockedElements: config.lockedElements });
    const baseItems = new BaseItemsService(store);
    const { cacheDir = defaultGuideCacheDir(), ...pool } = config.guides ?? {};
    const guidePdfs = new GuidePdfService(
      new GuideRenderPool({ ...DEFAULT_GUIDE_RENDER_POOL, ...pool }),
      cacheDir,
      runtime.logger,
    );
    return {
      module: CatalogModule,
      imports: [PlatformModule.forService(runtime)],
      controllers: [
        BaseItemsController,
        ImplementationsController,
        GuidesController,
        ExchangeController,
        FilesController,
      ],
      providers: [
        { provide: CatalogStore, useValue: store },
        { provide: CatalogFilesRepository, useValue: new CatalogFilesRepository(store) },
        { provide: ImplementationsService, useValue: implementations },
        { provide: BaseItemsService, useValue: baseItems },
        { provide: SearchService, useValue: new SearchService(store) },
        { provide: GuidePdfService, useValue: guidePdfs },
        {
          provide: CatalogImportService,
          useValue: new CatalogImportService(store, baseItems, implementations),
        },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.start();
    await this.importer.markInterruptedJobs();
    if (this.runtime.seedDemoData && (await this.baseItems.items.count()) === 0) {
      // Embedded mode, first start: the demo catalog (one province, two cities, four counties).
      const { demoCatalog } = await import('./seed/demo-catalog.data.js');
      const report = await this.importer.import(demoCatalog, 'seed');
      this.runtime.logger.log(
        `catalog: demo catalog seeded in ${report.durationMs} ms (${JSON.stringify(report.totals)})`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.guidePdfs.pool.close();
    await this.store.stop();
  }
}
