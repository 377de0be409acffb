import type { CatalogStore, CatalogTx } from '../catalog.store.js';
import type { BaseItem, Prisma } from '../generated/prisma/client.js';

/** The elements a write sets (everything but the code, the version and the timestamps). */
export type BaseItemData = Omit<
  Prisma.BaseItemUncheckedCreateInput,
  'code' | 'version' | 'createdAt' | 'updatedAt'
>;

/** 基本目录 rows. Reads go to the database unless a transaction (`tx`) is given; writes take the caller's transaction. */
export class BaseItemsRepository {
  constructor(private readonly store: CatalogStore) {}

  find(code: string, tx: CatalogTx = this.store.prisma): Promise<BaseItem | null> {
    return tx.baseItem.findUnique({ where: { code } });
  }

  async exists(code: string): Promise<boolean> {
    return (
      (await this.store.prisma.baseItem.findUnique({ where: { code }, select: { code: true } })) !== null
    );
  }

  async create(tx: CatalogTx, code: string, data: BaseItemData): Promise<void> {
    await tx.baseItem.create({ data: { code, ...data } });
  }

  /** Writes the elements and raises the version; returns the updated row. */
  update(tx: CatalogTx, code: string, data: BaseItemData, version: number): Promise<BaseItem> {
    return tx.baseItem.update({ where: { code }, data: { ...data, version } });
  }

  /** Sub-items (业务办理项) of a main item. */
  children(code: string): Promise<Array<{ code: string; name: string; handlingKind: string | null }>> {
    return this.store.prisma.baseItem.findMany({
      where: { parentCode: code },
      select: { code: true, name: true, handlingKind: true },
    });
  }

  /** One page by code, optionally only names containing `q`. */
  page(query: { q?: string | undefined; page: number; pageSize: number }): Promise<BaseItem[]> {
    const where = query.q ? { name: { contains: query.q } } : {};
    return this.store.prisma.baseItem.findMany({
      where,
      orderBy: { code: 'asc' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
  }

  byCodes(codes: readonly string[]): Promise<BaseItem[]> {
    return this.store.prisma.baseItem.findMany({ where: { code: { in: [...codes] } } });
  }

  /** Every base item, by code. */
  all(): Promise<BaseItem[]> {
    return this.store.prisma.baseItem.findMany({ orderBy: { code: 'asc' } });
  }

  count(): Promise<number> {
    return this.store.prisma.baseItem.count();
  }
}
