import { AppError } from '@hall/platform';
import type {
  DeclaredLocked,
  ImplementationInput,
  ImplementationSnapshot,
  ImportRowResult,
  ImportRowStatus,
} from '@hall/contracts';
import { ZodError } from 'zod';
import { CatalogErrorCode } from '../catalog.errors.js';
import type { RuleLookups } from '../implementations/implementation-rules.js';
import { planPublish, type PublishPlan } from '../implementations/implementations.service.js';
import { canonicalJson, sha256 } from '../implementations/snapshot.js';
import type {
  ImplementationRowWrite,
  SearchEntryWrite,
  SearchTermWrite,
  StoredImplementationState,
  VersionWrite,
} from './implementation-import.repository.js';

/** A row's error as the import report names it; anything but a rule or validation failure is rethrown. */
export function errorOf(err: unknown): NonNullable<ImportRowResult['error']> {
  if (err instanceof AppError) {
    const field = typeof err.details?.field === 'string' ? err.details.field : undefined;
    return { code: err.code, ...(field ? { field } : {}), message: err.message };
  }
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const field = issue?.path.map(String).join('.') ?? '';
    return { code: 'VALIDATION_FAILED', field, message: `${field}: ${issue?.message ?? 'invalid'}` };
  }
  throw err;
}

/** A base item as publishing reads it. */
export interface ImportBaseItem {
  code: string;
  name: string;
  type: string;
  legalBasis: string;
  parentCode: string | null;
  handlingKind: string | null;
  competentDepartment: string | null;
  legalLimitDays: number | null;
  intermediaryServices: unknown;
  feeBasis: string | null;
}

/** Regions, departments and base items read once per import (the rules look them up in memory). */
export interface CachedLookups {
  rules: RuleLookups;
  regions: Map<string, { code: string; name: string; kind: string; parentCode: string | null }>;
  baseItems: Map<string, ImportBaseItem>;
}

/** A row of a chunk that passed the catalog's rules. */
export interface ValidRow {
  index: number;
  key: string;
  code: string;
  draft: ImplementationInput;
  declared: DeclaredLocked | undefined;
  publish: boolean;
}

/** What one chunk writes, and the report of its valid rows. */
export interface ChunkPlan {
  results: ImportRowResult[];
  writes: ImplementationRowWrite[];
  versions: VersionWrite[];
  entries: SearchEntryWrite[];
  terms: SearchTermWrite[];
  snapshots: ImplementationSnapshot[];
}

/** The report key of a row: its identity (base item, level, region, body). */
export function rowKey(draft: {
  baseCode: string;
  level: string;
  regionCode: string;
  implementingBody: { uscc: string };
}): string {
  return `${draft.baseCode}|${draft.level}|${draft.regionCode}|${draft.implementingBody.uscc}`;
}

/**
 * Compares the valid rows of a chunk with the stored implementations and plans the bulk writes (no I/O): an
 * unchanged draft writes nothing, a `publish` row publishes the next version unless its content equals the
 * last one, and a row whose source declared locked elements unlike the base item's is kept as a draft and
 * reported as a deviation.
 */
export function planChunk(
  valid: readonly ValidRow[],
  stored: ReadonlyMap<string, StoredImplementationState>,
  lookups: Pick<CachedLookups, 'regions' | 'baseItems'>,
  publishedAt: Date,
): ChunkPlan {
  const plan: ChunkPlan = { results: [], writes: [], versions: [], entries: [], terms: [], snapshots: [] };
  const terms = new Map<string, SearchTermWrite>();
  for (const v of valid) {
    const before = stored.get(v.code);
    const draftHash = sha256(canonicalJson(v.draft));
    const draftChanged =
      !before ||
      before.draftHash !== draftHash ||
      canonicalJson(before.declared ?? null) !== canonicalJson(v.declared ?? null);
    let status: ImportRowStatus = !draftChanged ? 'unchanged' : before ? 'updated' : 'created';
    let publish: PublishPlan | undefined;
    let error: ImportRowResult['error'];
    const state = before ?? { status: 'draft', currentVersion: 0, publishedHash: null };
    if (v.publish) {
      const base = lookups.baseItems.get(v.draft.baseCode);
      if (!base) throw new Error(`base item ${v.draft.baseCode} vanished during the import`);
      try {
        publish = planPublish({
          impl: { code: v.code, ...state, declared: v.declared ?? null },
          base,
          draft: v.draft,
          regionName: lookups.regions.get(v.draft.regionCode)?.name ?? v.draft.regionCode,
          publishedAt,
        });
      } catch (err) {
        error = errorOf(err);
        if (error.code !== CatalogErrorCode.ConsistencyDeviation) throw err;
        status = 'deviation';
      }
    }
    if (draftChanged || publish?.publish) {
      plan.writes.push({
        code: v.code,
        base_code: v.draft.baseCode,
        level: v.draft.level,
        region_code: v.draft.regionCode,
        body_uscc: v.draft.implementingBody.uscc,
        department_code: v.draft.implementingBody.departmentCode,
        draft: v.draft,
        draft_hash: draftHash,
        declared: v.declared ?? null,
        ...(publish?.publish
          ? { status: 'published', current_version: publish.version, published_hash: publish.hash }
          : {
              status: state.status,
              current_version: state.currentVersion,
              published_hash: state.publishedHash,
            }),
      });
    }
    if (publish?.publish) {
      plan.versions.push({
        code: v.code,
        version: publish.version,
        snapshot: publish.snapshot,
        hash: publish.hash,
      });
      const e = publish.entry;
      plan.entries.push({
        code: v.code,
        version: e.version,
        name: e.name,
        search_text: e.searchText,
        base_code: e.baseCode,
        type: e.type,
        level: e.level,
        region_code: e.regionCode,
        department_code: e.departmentCode,
        body_name: e.bodyName,
        audiences: e.audiences,
        themes: e.themes,
        online: e.online,
        case_type: e.caseType,
        promised_days: e.promisedDays,
        rank: e.rank,
      });
      for (const t of publish.terms) terms.set(`${t.kind}|${t.term}`, t);
      plan.snapshots.push(publish.snapshot);
      status = 'published';
    }
    const version = v.publish && status !== 'deviation' ? publish?.version : undefined;
    plan.results.push({
      kind: 'implementation',
      index: v.index,
      key: v.key,
      status,
      implementationCode: v.code,
      ...(version ? { version } : {}),
      ...(error ? { error } : {}),
    });
  }
  plan.terms = [...terms.values()];
  return plan;
}
