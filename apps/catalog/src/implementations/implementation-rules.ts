import { isValidUscc } from '@hall/auth';
import { ImplementationInput } from '../exchange/catalog-exchange.schema.js';
import type { CatalogTx } from '../catalog.store.js';
import { CatalogErrorCode, unprocessable } from '../catalog.errors.js';

/** Elements an implementation may never set (三级四同): they belong to the base item. */
export const LOCKED_ELEMENT_KEYS: Readonly<Record<string, string>> = {
  name: 'name (事项名称)',
  itemName: 'name (事项名称)',
  type: 'type (事项类型)',
  itemType: 'type (事项类型)',
  legalBasis: 'legalBasis (设定依据)',
  baseItem: 'baseItem (基本目录要素)',
};

/** The region kind each level (行使层级) is exercised in. */
const LEVEL_REGION_KIND: Readonly<Record<string, string | undefined>> = { '2': 'province', '3': 'city', '4': 'county', '5': 'town' };

/**
 * Locked elements configured beyond the default four (e.g. competent department, implementing body).
 * `HALL_LOCKED_ELEMENTS=competentDepartment,implementingBody` — local rule, never hard-coded.
 */
export function extraLockedElements(env: Record<string, string | undefined> = process.env): string[] {
  return (env.HALL_LOCKED_ELEMENTS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Rejects any locked element in a raw create/patch body before anything else is looked at. */
export function rejectLockedElements(raw: unknown): void {
  if (raw === null || typeof raw !== 'object') return;
  for (const key of Object.keys(raw)) {
    const label = LOCKED_ELEMENT_KEYS[key];
    if (label) {
      throw unprocessable(CatalogErrorCode.LockedElement, key, `${label} is a locked element (三级四同): it is set on the base item only`, {
        element: key,
      });
    }
  }
}

/** Validates an implementation draft against the catalog's rules; returns the parsed input. Throws 400/422. */
export async function validateImplementation(tx: CatalogTx, raw: unknown): Promise<ImplementationInput> {
  rejectLockedElements(raw);
  const input = ImplementationInput.parse(raw);
  if (input.promisedLimitDays > input.legalLimitDays) {
    throw unprocessable(CatalogErrorCode.PromisedExceedsLegal, 'promisedLimitDays', `must not exceed legalLimitDays (${input.legalLimitDays})`);
  }
  if (!isValidUscc(input.implementingBody.uscc)) {
    throw unprocessable(CatalogErrorCode.InvalidUscc, 'implementingBody.uscc', 'not a valid 统一社会信用代码 (GB 32100 check digit)');
  }
  const base = await tx.baseItem.findUnique({ where: { code: input.baseCode } });
  if (!base) throw unprocessable(CatalogErrorCode.UnknownBaseItem, 'baseCode', `no base item ${input.baseCode}`);
  const region = await tx.region.findUnique({ where: { code: input.regionCode } });
  if (!region) throw unprocessable(CatalogErrorCode.UnknownRegion, 'regionCode', `unknown region ${input.regionCode}`);
  const kind = LEVEL_REGION_KIND[input.level];
  if (kind && region.kind !== kind) {
    throw unprocessable(CatalogErrorCode.RegionLevelMismatch, 'regionCode', `level ${input.level} is exercised in a ${kind}, ${region.name} is a ${region.kind}`);
  }
  if (input.parentRegionCode !== undefined && region.parentCode !== input.parentRegionCode) {
    throw unprocessable(
      CatalogErrorCode.RegionNotUnderParent,
      'regionCode',
      `${region.name} (${region.code}) is not under ${input.parentRegionCode}`,
      { parentRegionCode: input.parentRegionCode, actualParent: region.parentCode },
    );
  }
  const departments = new Set([
    input.implementingBody.departmentCode,
    input.processTemplate.lead.code,
    ...input.processTemplate.coDepartments.map((d) => d.code),
    ...input.processTemplate.steps.map((s) => s.departmentCode),
    ...(input.processTemplate.escalateTo ? [input.processTemplate.escalateTo.code] : []),
  ]);
  const known = await tx.department.findMany({ where: { code: { in: [...departments] } }, select: { code: true } });
  const missing = [...departments].filter((d) => !known.some((k) => k.code === d));
  if (missing.length > 0) {
    throw unprocessable(CatalogErrorCode.UnknownDepartment, 'processTemplate', `unknown department(s): ${missing.join(', ')}`, { missing });
  }
  const ids = input.materials.map((m) => m.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw unprocessable(CatalogErrorCode.DuplicateMaterial, 'materials', `material id ${dup} used twice`);
  return input;
}
