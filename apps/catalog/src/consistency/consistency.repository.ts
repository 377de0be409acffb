import type { CatalogDb } from '../catalog.store.js';
import type { BaseItem, Implementation, ImplementationVersion } from '../generated/prisma/client.js';

// ——— What the 三级四同 report reads: a base item, its implementations and their published versions ———

/** The base item of the report (throws Prisma's not-found when there is none). */
export function findReportBaseItem(db: CatalogDb, code: string): Promise<BaseItem> {
  return db.baseItem.findUniqueOrThrow({ where: { code } });
}

/** Every implementation of a base item, across levels: by level, region, code. */
export function implementationsOfBaseItem(db: CatalogDb, baseCode: string): Promise<Implementation[]> {
  return db.implementation.findMany({
    where: { baseCode },
    orderBy: [{ level: 'asc' }, { regionCode: 'asc' }, { code: 'asc' }],
  });
}

/** One published version of an implementation (null when there is no such version). */
export function findPublishedVersion(
  db: CatalogDb,
  code: string,
  version: number,
): Promise<ImplementationVersion | null> {
  return db.implementationVersion.findUnique({ where: { code_version: { code, version } } });
}
