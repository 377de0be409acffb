import { isValidUscc } from '@hall/auth';
import { formDefinitionProblems, IntermediaryService, type ImplementationInput } from '@hall/contracts';
import type { LockableElement } from '../catalog.config.js';
import { CatalogErrorCode, unprocessable } from '../catalog.errors.js';

/** Elements an implementation may never set (三级四同): they belong to the base item. */
export const LOCKED_ELEMENT_KEYS: Readonly<Record<string, string>> = {
  name: 'name (事项名称)',
  itemName: 'name (事项名称)',
  type: 'type (事项类型)',
  itemType: 'type (事项类型)',
  legalBasis: 'legalBasis (设定依据)',
  baseItem: 'baseItem (基本目录要素)',
  intermediaryServices: 'intermediaryServices (中介服务)',
  feeBasis: 'feeBasis (收费依据)',
};

/** The region kinds each level (行使层级) is exercised in: level 5 in a 乡, 镇 or 街道. */
const LEVEL_REGION_KIND: Readonly<Record<string, readonly string[] | undefined>> = {
  '2': ['province'],
  '3': ['city'],
  '4': ['county'],
  '5': ['town', 'township', 'subdistrict'],
};

/** Rejects any locked element in a raw create/patch body before anything else is looked at (RejectLockedElements). */
export function rejectLockedElements(raw: unknown): void {
  if (raw === null || typeof raw !== 'object') return;
  for (const key of Object.keys(raw)) {
    const label = LOCKED_ELEMENT_KEYS[key];
    if (label) {
      throw unprocessable(
        CatalogErrorCode.LockedElement,
        key,
        `${label} is a locked element (三级四同): it is set on the base item only`,
        {
          element: key,
        },
      );
    }
  }
}

/** What the rules look up: the database inside a transaction, or caches preloaded for a bulk import. */
/** The base item as the rules see it: the configurable locked elements it carries. */
export interface RuleBaseItem {
  code: string;
  competentDepartment: string | null;
  implementingBody: string | null;
  legalLimitDays: number | null;
  /** 中介服务 (JSON: [{ name, required, legalBasis }]). */
  intermediaryServices: unknown;
  /** 收费依据 where the base item locks it. */
  feeBasis: string | null;
}

/** Settings the rules follow (from the catalog's config). */
export interface RuleOptions {
  lockedElements: ReadonlySet<LockableElement>;
}

export interface RuleLookups {
  baseItem(code: string): Promise<RuleBaseItem | null>;
  region(
    code: string,
  ): Promise<{ code: string; name: string; kind: string; parentCode: string | null } | null>;
  /** The subset of `codes` that are known departments. */
  knownDepartments(codes: readonly string[]): Promise<Set<string>>;
}

/**
 * The configured extra locked elements (三级四同 beyond the default four): where the base item sets one, the
 * implementation must not differ — 主管部门 as stated (left out = the base item's), 实施主体 by the implementing
 * body's department. Throws 422 LOCKED_ELEMENT naming the element.
 */
export function checkConfiguredLocks(
  base: RuleBaseItem,
  input: ImplementationInput,
  options: RuleOptions,
): void {
  const locked = options.lockedElements;
  if (
    locked.has('competentDepartment') &&
    base.competentDepartment !== null &&
    input.competentDepartment !== undefined &&
    input.competentDepartment !== base.competentDepartment
  ) {
    throw unprocessable(
      CatalogErrorCode.LockedElement,
      'competentDepartment',
      `competentDepartment (主管部门) is a locked element here (三级四同): the base item says ${base.competentDepartment}`,
      {
        element: 'competentDepartment',
        expected: base.competentDepartment,
        actual: input.competentDepartment,
      },
    );
  }
  if (
    locked.has('implementingBody') &&
    base.implementingBody !== null &&
    input.implementingBody.departmentCode !== base.implementingBody
  ) {
    throw unprocessable(
      CatalogErrorCode.LockedElement,
      'implementingBody',
      `implementingBody (实施主体) is a locked element here (三级四同): the base item's bodies are ${base.implementingBody}`,
      {
        element: 'implementingBody',
        expected: base.implementingBody,
        actual: input.implementingBody.departmentCode,
      },
    );
  }
}

/**
 * 法定办结时限 comes from the base item: an implementation may leave it out or state the same value; another
 * value → 422 LEGAL_LIMIT_MISMATCH. Only where the base item has none must the implementation state it.
 */
export function effectiveLegalLimit(
  base: { legalLimitDays: number | null },
  input: { legalLimitDays?: number | undefined },
): number {
  if (base.legalLimitDays !== null) {
    if (input.legalLimitDays !== undefined && input.legalLimitDays !== base.legalLimitDays) {
      throw unprocessable(
        CatalogErrorCode.LegalLimitMismatch,
        'legalLimitDays',
        `is set by the base item (${base.legalLimitDays} working days); an implementation may not state another`,
        {
          expected: base.legalLimitDays,
          actual: input.legalLimitDays,
        },
      );
    }
    return base.legalLimitDays;
  }
  if (input.legalLimitDays === undefined) {
    throw unprocessable(
      CatalogErrorCode.LegalLimitMissing,
      'legalLimitDays',
      'required: the base item sets no legal time limit',
    );
  }
  return input.legalLimitDays;
}

/** The base item's 中介服务 names (stored JSON; absent = none). */
export function intermediaryServiceNames(stored: unknown): string[] {
  return IntermediaryService.array()
    .parse(stored ?? [])
    .map((s) => s.name);
}

/**
 * 中介服务 and 收费依据 (三级四同): the services themselves (name, whether required, legal basis) are the base item's,
 * so a provider may only name one of them (else 422 LOCKED_ELEMENT naming `intermediaryProviders.N.service`); a
 * provider's USCC must carry a valid check digit (422 INVALID_USCC). Where the base item sets a 收费依据, a fee may
 * leave its basis empty or repeat it, never state another (422 LOCKED_ELEMENT naming `fees.N.basis`).
 */
export function checkIntermediariesAndFees(
  base: Pick<RuleBaseItem, 'intermediaryServices' | 'feeBasis'>,
  input: Pick<ImplementationInput, 'intermediaryProviders' | 'fees'>,
): void {
  const services = intermediaryServiceNames(base.intermediaryServices);
  for (const [i, p] of input.intermediaryProviders.entries()) {
    if (!services.includes(p.service)) {
      throw unprocessable(
        CatalogErrorCode.LockedElement,
        `intermediaryProviders.${i}.service`,
        services.length === 0
          ? 'the base item lists no intermediary service (中介服务 are set on the base item only, 三级四同)'
          : `"${p.service}" is not an intermediary service of the base item (${services.join('、')}); services are set on the base item only (三级四同)`,
        { element: 'intermediaryServices', expected: services, actual: p.service },
      );
    }
    if (!isValidUscc(p.uscc)) {
      throw unprocessable(
        CatalogErrorCode.InvalidUscc,
        `intermediaryProviders.${i}.uscc`,
        'not a valid 统一社会信用代码 (GB 32100 check digit)',
      );
    }
  }
  if (base.feeBasis === null) return;
  for (const [i, f] of input.fees.entries()) {
    if (f.basis.trim() !== '' && f.basis.trim() !== base.feeBasis) {
      throw unprocessable(
        CatalogErrorCode.LockedElement,
        `fees.${i}.basis`,
        `feeBasis (收费依据) is a locked element (三级四同): the base item says ${base.feeBasis}`,
        { element: 'feeBasis', expected: base.feeBasis, actual: f.basis },
      );
    }
  }
}

/** 承诺时限 ≤ 法定时限. */
export function checkLimits(legalLimitDays: number, promisedLimitDays: number): void {
  if (promisedLimitDays > legalLimitDays) {
    throw unprocessable(
      CatalogErrorCode.PromisedExceedsLegal,
      'promisedLimitDays',
      `must not exceed legalLimitDays (${legalLimitDays})`,
    );
  }
}

/** The catalog's rules on an already parsed draft (limits, USCC, base item, locks, region hierarchy, departments). Throws 422. */
export async function checkImplementationRules(
  lookups: RuleLookups,
  input: ImplementationInput,
  options: RuleOptions,
): Promise<void> {
  if (!isValidUscc(input.implementingBody.uscc)) {
    throw unprocessable(
      CatalogErrorCode.InvalidUscc,
      'implementingBody.uscc',
      'not a valid 统一社会信用代码 (GB 32100 check digit)',
    );
  }
  const base = await lookups.baseItem(input.baseCode);
  if (!base)
    throw unprocessable(CatalogErrorCode.UnknownBaseItem, 'baseCode', `no base item ${input.baseCode}`);
  checkConfiguredLocks(base, input, options);
  checkIntermediariesAndFees(base, input);
  checkLimits(effectiveLegalLimit(base, input), input.promisedLimitDays);
  const region = await lookups.region(input.regionCode);
  if (!region)
    throw unprocessable(CatalogErrorCode.UnknownRegion, 'regionCode', `unknown region ${input.regionCode}`);
  const kinds = LEVEL_REGION_KIND[input.level];
  if (kinds && !kinds.includes(region.kind)) {
    throw unprocessable(
      CatalogErrorCode.RegionLevelMismatch,
      'regionCode',
      `level ${input.level} is exercised in a ${kinds.join('/')}, ${region.name} is a ${region.kind}`,
    );
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
  const known = await lookups.knownDepartments([...departments]);
  const missing = [...departments].filter((d) => !known.has(d));
  if (missing.length > 0) {
    throw unprocessable(
      CatalogErrorCode.UnknownDepartment,
      'processTemplate',
      `unknown department(s): ${missing.join(', ')}`,
      { missing },
    );
  }
  // 出证机构: a licence of the case is issued by a department that takes part in it (多证联办).
  const processDepartments = new Set([
    input.implementingBody.departmentCode,
    input.processTemplate.lead.code,
    ...input.processTemplate.coDepartments.map((d) => d.code),
  ]);
  for (const [i, r] of input.results.entries()) {
    if (!r.issuingBody) continue;
    if (!isValidUscc(r.issuingBody.uscc)) {
      throw unprocessable(
        CatalogErrorCode.InvalidUscc,
        `results.${i}.issuingBody.uscc`,
        'not a valid 统一社会信用代码 (GB 32100 check digit)',
      );
    }
    if (!processDepartments.has(r.issuingBody.departmentCode)) {
      throw unprocessable(
        CatalogErrorCode.IssuerNotInProcess,
        `results.${i}.issuingBody.departmentCode`,
        `${r.issuingBody.departmentCode} issues ${r.name} but takes no part in the process (lead ${input.processTemplate.lead.code}, co-departments ${input.processTemplate.coDepartments.map((d) => d.code).join(', ') || 'none'})`,
        { departmentCode: r.issuingBody.departmentCode, licenceTypeCode: r.licenceTypeCode },
      );
    }
  }
  const ids = input.materials.map((m) => m.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup)
    throw unprocessable(CatalogErrorCode.DuplicateMaterial, 'materials', `material id ${dup} used twice`);
  const problems = formDefinitionProblems(input.applicationForm);
  const first = problems[0];
  if (first) {
    throw unprocessable(
      CatalogErrorCode.FormDefinitionInvalid,
      `applicationForm.${first.path}`,
      first.message,
      {
        problems: problems.map((p) => ({ field: `applicationForm.${p.path}`, message: p.message })),
      },
    );
  }
}
