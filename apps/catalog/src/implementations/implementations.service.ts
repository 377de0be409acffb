import { ImplementationPublished } from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { CatalogStore } from '../catalog.store.js';
import type { CreateImplementationBody } from './implementation.dto.js';

/** Skeleton of the catalog's implementation lifecycle (draft → published versions); issue #3 extends it. */
export class ImplementationsService {
  constructor(private readonly store: CatalogStore) {}

  async create(input: CreateImplementationBody) {
    if (input.promisedLimitDays > input.legalLimitDays) {
      throw new AppError('PROMISED_LIMIT_EXCEEDS_LEGAL', 'promisedLimitDays: must not exceed legalLimitDays', 422, {
        field: 'promisedLimitDays',
      });
    }
    const existing = await this.store.prisma.implementation.findUnique({ where: { code: input.code } });
    if (existing) throw AppError.conflict('IMPLEMENTATION_EXISTS', `code: implementation ${input.code} already exists`, { field: 'code' });
    return this.store.prisma.implementation.create({ data: { ...input, status: 'draft' } });
  }

  async get(code: string) {
    const impl = await this.store.prisma.implementation.findUnique({ where: { code } });
    if (!impl) throw AppError.notFound('implementation', code);
    return impl;
  }

  /** Publishes the next immutable version; the version row and its event commit in one transaction. */
  async publish(code: string, actor: string) {
    return this.store.messaging.transaction(async (tx) => {
      const impl = await tx.implementation.findUnique({ where: { code } });
      if (!impl) throw AppError.notFound('implementation', code);
      const version = impl.currentVersion + 1;
      const publishedAt = new Date();
      const snapshot = {
        implementationCode: impl.code,
        version,
        name: impl.name,
        baseCode: impl.baseCode,
        itemType: impl.itemType,
        regionCode: impl.regionCode,
        implementingBody: impl.implementingBody,
        legalLimitDays: impl.legalLimitDays,
        promisedLimitDays: impl.promisedLimitDays,
        publishedAt: publishedAt.toISOString(),
      };
      await tx.implementationVersion.create({ data: { code, version, snapshot, publishedAt, publishedBy: actor } });
      await tx.implementation.update({ where: { code }, data: { status: 'published', currentVersion: version } });
      await this.store.messaging.stage(tx, ImplementationPublished, snapshot);
      return snapshot;
    });
  }
}
