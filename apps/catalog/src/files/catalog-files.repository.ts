import type { CatalogStore } from '../catalog.store.js';
import type { CatalogFile } from '../generated/prisma/client.js';

/** A stored file's row as written after its upload. */
export type NewCatalogFile = Omit<CatalogFile, 'createdAt'>;

/** The files the catalog publishes with its guides (空白表格, 示例样表): one row per stored object. */
export class CatalogFilesRepository {
  constructor(private readonly store: CatalogStore) {}

  async add(file: NewCatalogFile): Promise<void> {
    await this.store.prisma.catalogFile.create({ data: file });
  }

  find(key: string): Promise<CatalogFile | null> {
    return this.store.prisma.catalogFile.findUnique({ where: { key } });
  }
}
