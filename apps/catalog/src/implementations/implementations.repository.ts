import type { CatalogDb, CatalogStore, CatalogTx } from '../catalog.store.js';
import type { BaseItem, Implementation, ImplementationVersion, Prisma } from '../generated/prisma/client.js';
import type { RuleLookups } from './implementation-rules.js';

/** 实施清单 rows and their published versions. Reads go to the database unless a transaction (`tx`) is given. */
export class ImplementationsRepository {
  constructor(private readonly store: CatalogStore) {}

  find(code: string, tx: CatalogTx = this.store.prisma): Promise<Implementation | null> {
    return tx.implementation.findUnique({ where: { code } });
  }

  /** One published version (null when there is no such version). */
  version(code: string, version: number): Promise<ImplementationVersion | null> {
    return this.store.prisma.implementationVersion.findUnique({ where: { code_version: { code, version } } });
  }

  /** The published versions of an implementation, oldest first (without their snapshots). */
  versions(
    code: string,
  ): Promise<Array<Pick<ImplementationVersion, 'version' | 'publishedAt' | 'publishedBy' | 'hash'>>> {
    return this.store.prisma.implementationVersion.findMany({
      where: { code },
      select: { version: true, publishedAt: true, publishedBy: true, hash: true },
      orderBy: { version: 'asc' },
    });
  }
}

// ——— Writes of an implementation and its search entry, in the caller's transaction ———

/** Rule lookups straight from the database (single create/patch). */
export function databaseLookups(db: CatalogDb): RuleLookups {
  return {
    baseItem: (code) =>
      db.baseItem.findUnique({
        where: { code },
        select: {
          code: true,
          competentDepartment: true,
          implementingBody: true,
          legalLimitDays: true,
          intermediaryServices: true,
          feeBasis: true,
        },
      }),
    region: (code) => db.region.findUnique({ where: { code } }),
    knownDepartments: async (codes) =>
      new Set(
        (await db.department.findMany({ where: { code: { in: [...codes] } }, select: { code: true } })).map(
          (d) => d.code,
        ),
      ),
  };
}

/** Inserts a new draft implementation. */
export async function insertImplementation(
  tx: CatalogTx,
  data: Prisma.ImplementationUncheckedCreateInput,
): Promise<void> {
  await tx.implementation.create({ data });
}

/** Replaces the draft (and what the source declared) of an existing implementation. */
export async function replaceDraft(
  tx: CatalogTx,
  code: string,
  data: Pick<
    Prisma.ImplementationUncheckedUpdateInput,
    'draft' | 'draftHash' | 'departmentCode' | 'declared'
  >,
): Promise<void> {
  await tx.implementation.update({ where: { code }, data });
}

/** An implementation with its base item (what publishing reads). */
export function findWithBaseItem(
  db: CatalogDb,
  code: string,
): Promise<(Implementation & { baseItem: BaseItem }) | null> {
  return db.implementation.findUnique({ where: { code }, include: { baseItem: true } });
}

/** A region's name (null when the region is unknown). */
export async function regionName(db: CatalogDb, code: string): Promise<string | null> {
  return (await db.region.findUnique({ where: { code }, select: { name: true } }))?.name ?? null;
}

/**
 * Records a published version: the immutable version row, the implementation's current version and hash,
 * its search entry (replaced) and the dictionary terms it adds.
 */
export async function recordPublishedVersion(
  tx: CatalogTx,
  args: {
    code: string;
    version: number;
    snapshot: Prisma.InputJsonValue;
    hash: string;
    publishedAt: Date;
    publishedBy: string;
    entry: Omit<Prisma.SearchEntryUncheckedCreateInput, 'code'>;
    terms: Prisma.SearchTermCreateManyInput[];
  },
): Promise<void> {
  const { code, version, hash, entry } = args;
  await tx.implementationVersion.create({
    data: {
      code,
      version,
      snapshot: args.snapshot,
      hash,
      publishedAt: args.publishedAt,
      publishedBy: args.publishedBy,
    },
  });
  await tx.implementation.update({
    where: { code },
    data: { status: 'published', currentVersion: version, publishedHash: hash },
  });
  await tx.searchEntry.upsert({ where: { code }, create: { code, ...entry }, update: entry });
  await tx.searchTerm.createMany({ data: args.terms, skipDuplicates: true });
}

/** Marks the implementation retired and takes it out of search. */
export async function markRetired(tx: CatalogTx, code: string): Promise<void> {
  await tx.implementation.update({ where: { code }, data: { status: 'retired' } });
  await tx.searchEntry.deleteMany({ where: { code } });
}
