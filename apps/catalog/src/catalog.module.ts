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
import { CatalogExportService } from './exchange/catalog-export.service.js';
import { ImportJobsRepository } from './exchange/import-jobs.repository.js';
import { ReferenceDataRepository } from './exchange/reference-data.repository.js';
import { ImportCatalog } from './exchange/usecases/import-catalog.js';
import { ImportImplementations } from './exchange/usecases/import-implementations.js';
import { MarkInterruptedImports } from './exchange/usecases/mark-interrupted-imports.js';
import { StartImport } from './exchange/usecases/start-import.js';
import { ExchangeController } from './exchange/exchange.controller.js';
import { ReferenceController } from './exchange/reference.controller.js';
import { CatalogFilesRepository } from './files/catalog-files.repository.js';
import { FilesController } from './files/files.controller.js';
import { GuidePdfService } from './guides/guide-pdf.service.js';
import { DEFAULT_GUIDE_RENDER_POOL, GuideRenderPool } from './guides/guide-render.pool.js';
import { GuidesController } from './guides/guides.controller.js';
import { ImplementationsController } from './implementations/implementations.controller.js';
import { ImplementationsService } from './implementations/implementations.service.js';
import { CatalogExchange } from '@hall/contracts';
import { SearchService } from './search/search.service.js';
import { SynonymsController } from './search/synonyms.controller.js';
import { SynonymsRepository } from './search/synonyms.repository.js';
import { AddSynonym } from './search/usecases/add-synonym.js';
import { ChangeSynonym } from './search/usecases/change-synonym.js';
import { RemoveSynonym } from './search/usecases/remove-synonym.js';

@Module({})
export class CatalogModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(CatalogStore) private readonly store: CatalogStore,
    @Inject(ImportCatalog) private readonly importCatalog: ImportCatalog,
    @Inject(MarkInterruptedImports) private readonly markInterrupted: MarkInterruptedImports,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(GuidePdfService) private readonly guidePdfs: GuidePdfService,
    @Inject(BaseItemsService) private readonly baseItems: BaseItemsService,
  ) {}

  /** `config` defaults to the environment (CATALOG_LOCKED_ELEMENTS …); tests pass their own. */
  static register(runtime: ServiceRuntime, config: CatalogConfig = catalogConfigFromEnv()): DynamicModule {
    const store = new CatalogStore(runtime);
    const implementations = new ImplementationsService(store, { lockedElements: config.lockedElements });
    const baseItems = new BaseItemsService(store);
    const jobs = new ImportJobsRepository(store);
    const reference = new ReferenceDataRepository(store);
    const synonyms = new SynonymsRepository(store);
    const importCatalog = new ImportCatalog(
      store,
      reference,
      baseItems,
      new ImportImplementations(store, implementations, reference, baseItems.items),
      synonyms,
    );
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
        SynonymsController,
        ReferenceController,
      ],
      providers: [
        { provide: CatalogStore, useValue: store },
        { provide: CatalogFilesRepository, useValue: new CatalogFilesRepository(store) },
        { provide: ImplementationsService, useValue: implementations },
        { provide: BaseItemsService, useValue: baseItems },
        { provide: SearchService, useValue: new SearchService(store) },
        { provide: SynonymsRepository, useValue: synonyms },
        { provide: ReferenceDataRepository, useValue: reference },
        { provide: AddSynonym, useValue: new AddSynonym(synonyms) },
        { provide: ChangeSynonym, useValue: new ChangeSynonym(synonyms) },
        { provide: RemoveSynonym, useValue: new RemoveSynonym(synonyms) },
        { provide: GuidePdfService, useValue: guidePdfs },
        { provide: ImportCatalog, useValue: importCatalog },
        { provide: StartImport, useValue: new StartImport(jobs, importCatalog) },
        { provide: MarkInterruptedImports, useValue: new MarkInterruptedImports(jobs) },
        {
          provide: CatalogExportService,
          useValue: new CatalogExportService(store, baseItems, jobs, reference, synonyms),
        },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.start();
    await this.markInterrupted.execute();
    if (this.runtime.seedDemoData && (await this.baseItems.items.count()) === 0) {
      // Embedded mode, first start: the demo catalog (one province, two cities, four counties).
      const { demoCatalog } = await import('./seed/demo-catalog.data.js');
      const report = await this.importCatalog.execute(CatalogExchange.parse(demoCatalog), 'seed');
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
