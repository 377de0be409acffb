import type { CatalogStore, CatalogTx } from '../catalog.store.js';
import type { Implementation, ImplementationVersion } from '../generated/prisma/client.js';

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
