import type { DepartmentInput, RegionInput } from '@hall/contracts';
import type { CatalogStore } from '../catalog.store.js';
import type { Department, Region } from '../generated/prisma/client.js';

/** What an idempotent write did. */
export type UpsertStatus = 'created' | 'updated' | 'unchanged';

/** Reference data of the catalog: regions (区划, with their hierarchy) and departments. */
export class ReferenceDataRepository {
  constructor(private readonly store: CatalogStore) {}

  /** Inserts or updates one region in its own transaction; an equal row is left alone. */
  upsertRegion(r: RegionInput): Promise<UpsertStatus> {
    return this.store.prisma.$transaction(async (tx) => {
      const existing = await tx.region.findUnique({ where: { code: r.code } });
      const data = { name: r.name, kind: r.kind, parentCode: r.parentCode ?? null };
      if (!existing) {
        await tx.region.create({ data: { code: r.code, ...data } });
        return 'created';
      }
      if (
        existing.name === data.name &&
        existing.kind === data.kind &&
        existing.parentCode === data.parentCode
      )
        return 'unchanged';
      await tx.region.update({ where: { code: r.code }, data });
      return 'updated';
    });
  }

  /** Inserts or renames one department in its own transaction; an equal row is left alone. */
  upsertDepartment(d: DepartmentInput): Promise<UpsertStatus> {
    return this.store.prisma.$transaction(async (tx) => {
      const existing = await tx.department.findUnique({ where: { code: d.code } });
      if (!existing) {
        await tx.department.create({ data: d });
        return 'created';
      }
      if (existing.name === d.name) return 'unchanged';
      await tx.department.update({ where: { code: d.code }, data: { name: d.name } });
      return 'updated';
    });
  }

  /** Every region, by code. */
  regions(): Promise<Region[]> {
    return this.store.prisma.region.findMany({ orderBy: { code: 'asc' } });
  }

  /** Every department, by code. */
  departments(): Promise<Department[]> {
    return this.store.prisma.department.findMany({ orderBy: { code: 'asc' } });
  }
}
