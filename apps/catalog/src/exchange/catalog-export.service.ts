import { AppError } from '@hall/platform';
import { CatalogExchange, ImplementationDraft, type ImportJob } from '@hall/contracts';
import { baseItemInputOf, type BaseItemsService } from '../base-items/base-items.service.js';
import type { CatalogStore } from '../catalog.store.js';
import { allImplementations } from './implementation-import.repository.js';
import { ImportJobsRepository } from './import-jobs.repository.js';
import { ReferenceDataRepository } from './reference-data.repository.js';
import { SynonymsRepository } from '../search/synonyms.repository.js';

/** The read side of the exchange: background import jobs, and the whole catalog in the exchange shape. */
export class CatalogExportService {
  constructor(
    private readonly store: CatalogStore,
    private readonly baseItems: BaseItemsService,
    private readonly jobs: ImportJobsRepository = new ImportJobsRepository(store),
    private readonly reference: ReferenceDataRepository = new ReferenceDataRepository(store),
    private readonly synonyms: SynonymsRepository = new SynonymsRepository(store),
  ) {}

  async job(id: string): Promise<ImportJob> {
    const job = await this.jobs.find(id);
    if (!job) throw AppError.notFound('import job', id);
    return job;
  }

  /** The whole catalog in the exchange shape (drafts; `publish` = currently published). */
  async export(): Promise<CatalogExchange> {
    const [regions, departments, baseItems, impls, synonyms] = await Promise.all([
      this.reference.regions(),
      this.reference.departments(),
      this.baseItems.items.all(),
      allImplementations(this.store.prisma),
      this.synonyms.all(),
    ]);
    return CatalogExchange.parse({
      format: 'hall-catalog/1',
      regions: regions.map((r) => ({
        code: r.code,
        name: r.name,
        kind: r.kind,
        ...(r.parentCode ? { parentCode: r.parentCode } : {}),
      })),
      departments: departments.map((d) => ({ code: d.code, name: d.name })),
      baseItems: baseItems.map(baseItemInputOf),
      implementations: impls.map((i) => ({
        ...ImplementationDraft.parse(i.draft),
        ...(i.declared && Object.keys(i.declared as object).length > 0 ? { declared: i.declared } : {}),
        publish: i.status === 'published',
      })),
      synonyms: synonyms.map((s) => ({ alias: s.alias, expansions: s.expansions })),
    });
  }
}
