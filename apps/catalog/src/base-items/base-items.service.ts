import {
  BaseItemConsistencyChecked,
  BaseItemInput,
  IntermediaryService,
  type BaseItemDetail,
  type BaseItemList,
  type BaseItemListQuery,
  type BaseItemPatch,
  type BaseItemView,
  type ConsistencyReport,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { CatalogStore, CatalogTx } from '../catalog.store.js';
import { CatalogErrorCode } from '../catalog.errors.js';
import { consistencyReport } from '../consistency/consistency.js';
import { BaseItemsRepository } from './base-items.repository.js';
import type { Prisma } from '../generated/prisma/client.js';
import { canonicalJson } from '../implementations/snapshot.js';

interface BaseItemRow {
  code: string;
  name: string;
  type: string;
  legalBasis: string;
  definedAtLevel: string;
  parentCode: string | null;
  handlingKind: string | null;
  competentDepartment: string | null;
  implementingBody: string | null;
  legalLimitDays: number | null;
  intermediaryServices: unknown;
  feeBasis: string | null;
}

/** The stored 中介服务 list (JSON column); stored data, so a bad shape is the server's fault. */
export function intermediaryServicesOf(stored: unknown): IntermediaryService[] {
  return IntermediaryService.array().parse(stored ?? []);
}

/** A stored base item in its input/exchange shape (absent optional elements left out); stored data, so a mismatch is the server's fault. */
export function baseItemInputOf(b: BaseItemRow): BaseItemInput {
  return BaseItemInput.parse({
    code: b.code,
    name: b.name,
    type: b.type,
    legalBasis: b.legalBasis,
    definedAtLevel: b.definedAtLevel,
    ...(b.parentCode ? { parentCode: b.parentCode } : {}),
    ...(b.handlingKind ? { handlingKind: b.handlingKind } : {}),
    ...(b.competentDepartment ? { competentDepartment: b.competentDepartment } : {}),
    ...(b.implementingBody ? { implementingBody: b.implementingBody } : {}),
    ...(b.legalLimitDays !== null ? { legalLimitDays: b.legalLimitDays } : {}),
    ...(intermediaryServicesOf(b.intermediaryServices).length > 0
      ? { intermediaryServices: intermediaryServicesOf(b.intermediaryServices) }
      : {}),
    ...(b.feeBasis !== null ? { feeBasis: b.feeBasis } : {}),
  });
}

/** A stored base item as the API shows it. */
function viewOf(b: BaseItemRow & { version: number; createdAt: Date; updatedAt: Date }): BaseItemView {
  return {
    ...baseItemInputOf(b),
    parentCode: b.parentCode,
    handlingKind: b.handlingKind,
    competentDepartment: b.competentDepartment,
    implementingBody: b.implementingBody,
    legalLimitDays: b.legalLimitDays,
    intermediaryServices: intermediaryServicesOf(b.intermediaryServices),
    feeBasis: b.feeBasis,
    version: b.version,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}

/** 基本目录: the owner of the locked elements. A change re-checks every implementation (三级四同). */
export class BaseItemsService {
  constructor(
    private readonly store: CatalogStore,
    readonly items: BaseItemsRepository = new BaseItemsRepository(store),
  ) {}

  /** Inserts or updates a base item; returns whether anything changed. Emits a consistency check on change. */
  async upsertInTx(
    tx: CatalogTx,
    input: BaseItemInput,
    opts: { mustBeNew?: boolean } = {},
  ): Promise<{ code: string; changed: boolean }> {
    const existing = await this.items.find(input.code, tx);
    const data = {
      name: input.name,
      type: input.type,
      legalBasis: input.legalBasis,
      parentCode: input.parentCode ?? null,
      handlingKind: input.handlingKind ?? null,
      competentDepartment: input.competentDepartment ?? null,
      implementingBody: input.implementingBody ?? null,
      legalLimitDays: input.legalLimitDays ?? null,
      intermediaryServices: (input.intermediaryServices ?? []) as Prisma.InputJsonValue,
      feeBasis: input.feeBasis ?? null,
      definedAtLevel: input.definedAtLevel,
    };
    if (existing && opts.mustBeNew) {
      throw AppError.conflict(
        CatalogErrorCode.BaseItemExists,
        `code: base item ${input.code} already exists`,
        { field: 'code' },
      );
    }
    if (input.parentCode) {
      const parent = await this.items.find(input.parentCode, tx);
      if (!parent) throw AppError.validation('parentCode', `no base item ${input.parentCode}`);
    }
    if (!existing) {
      await this.items.create(tx, input.code, data);
      return { code: input.code, changed: true };
    }
    const changed = (Object.keys(data) as Array<keyof typeof data>).some((k) =>
      k === 'intermediaryServices'
        ? canonicalJson(existing[k]) !== canonicalJson(data[k])
        : existing[k] !== data[k],
    );
    if (!changed) return { code: input.code, changed: false };
    const updated = await this.items.update(tx, input.code, data, existing.version + 1);
    const report = await consistencyReport(tx, input.code);
    await this.store.messaging.stage(tx, BaseItemConsistencyChecked, {
      baseCode: input.code,
      baseVersion: updated.version,
      checkedAt: new Date().toISOString(),
      implementations: report.implementations.length,
      deviations: report.deviations,
    });
    return { code: input.code, changed: true };
  }

  async create(input: BaseItemInput): Promise<BaseItemDetail> {
    const { code } = await this.store.messaging.transaction((tx) =>
      this.upsertInTx(tx, input, { mustBeNew: true }),
    );
    return this.get(code);
  }

  async update(code: string, patch: BaseItemPatch): Promise<BaseItemDetail> {
    await this.store.messaging.transaction(async (tx) => {
      const existing = await this.items.find(code, tx);
      if (!existing) throw AppError.notFound('base item', code);
      const { feeBasis, ...rest } = patch;
      const merged: BaseItemInput = { ...baseItemInputOf(existing), ...rest };
      // feeBasis: null removes it, left out keeps it.
      if (feeBasis === null) delete merged.feeBasis;
      else if (feeBasis !== undefined) merged.feeBasis = feeBasis;
      await this.upsertInTx(tx, merged);
    });
    return this.get(code);
  }

  async get(code: string): Promise<BaseItemDetail> {
    const item = await this.items.find(code);
    if (!item) throw AppError.notFound('base item', code);
    const children = await this.items.children(code);
    return { ...viewOf(item), children };
  }

  async list(query: BaseItemListQuery): Promise<BaseItemList> {
    return (await this.items.page(query)).map(viewOf);
  }

  consistency(code: string): Promise<ConsistencyReport> {
    return this.store.prisma.$transaction(async (tx) => {
      const item = await this.items.find(code, tx);
      if (!item) throw AppError.notFound('base item', code);
      return consistencyReport(tx, code);
    });
  }
}
