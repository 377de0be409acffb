import {
  DeclaredLocked,
  ImplementationDraft,
  ImplementationPublished,
  ImplementationRetired,
  ImplementationSnapshot,
  ImplementationStatus,
  IntermediaryService,
  type BaseItemRef,
  type ImplementationAdmin,
  type ImplementationInput,
  type ImplementationPatch,
  type ImplementationPublic,
  type ImplementationRetiredResult,
  type ImplementationVersions,
  type PublishResult,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { CatalogStore, CatalogTx } from '../catalog.store.js';
import { CatalogErrorCode, unprocessable } from '../catalog.errors.js';
import { searchTermsOf, searchTextOf, staticRank } from '../search/search-text.js';
import {
  checkImplementationRules,
  checkLimits,
  effectiveLegalLimit,
  type RuleOptions,
} from './implementation-rules.js';
import { implementationCode } from './implementation-code.js';
import {
  ImplementationsRepository,
  databaseLookups,
  findWithBaseItem,
  insertImplementation,
  markRetired,
  recordPublishedVersion,
  regionName,
  replaceDraft,
} from './implementations.repository.js';
import { buildSnapshot, canonicalJson, contentHash, sha256 } from './snapshot.js';
import { Prisma } from '../generated/prisma/client.js';

interface BaseItemRow {
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

function baseRef(b: BaseItemRow): BaseItemRef {
  const services = IntermediaryService.array().parse(b.intermediaryServices ?? []);
  return {
    code: b.code,
    name: b.name,
    type: b.type as BaseItemRef['type'],
    legalBasis: b.legalBasis,
    ...(b.parentCode ? { parentCode: b.parentCode } : {}),
    ...(b.handlingKind ? { handlingKind: b.handlingKind as NonNullable<BaseItemRef['handlingKind']> } : {}),
    ...(b.competentDepartment ? { competentDepartment: b.competentDepartment } : {}),
    ...(services.length > 0 ? { intermediaryServices: services } : {}),
    ...(b.feeBasis !== null ? { feeBasis: b.feeBasis } : {}),
  };
}

const asJson = (v: unknown) => v as Prisma.InputJsonValue;

export type PublishPlan =
  | { publish: false; version: number }
  | {
      publish: true;
      version: number;
      snapshot: ImplementationSnapshot;
      hash: string;
      entry: Omit<Prisma.SearchEntryUncheckedCreateInput, 'code'> & { publishedAt: Date };
      terms: ReturnType<typeof searchTermsOf>;
    };

/**
 * What publishing an implementation means, computed in memory (no I/O): the next version's snapshot, its
 * hash, the search entry and dictionary terms — or nothing when the content equals the last version.
 * Throws 422 CONSISTENCY_DEVIATION when the source declared locked elements unlike the base item's.
 */
export function planPublish(args: {
  impl: {
    code: string;
    status: string;
    currentVersion: number;
    publishedHash: string | null;
    declared: unknown;
  };
  base: BaseItemRow;
  draft: ImplementationInput;
  regionName: string;
  publishedAt: Date;
}): PublishPlan {
  const { impl, base, draft, publishedAt } = args;
  const declared = (impl.declared ?? {}) as DeclaredLocked;
  const deviations = (['name', 'type', 'legalBasis'] as const).filter(
    (k) => declared[k] !== undefined && declared[k] !== base[k],
  );
  if (deviations.length > 0) {
    throw unprocessable(
      CatalogErrorCode.ConsistencyDeviation,
      deviations[0] ?? 'name',
      'the source declared locked elements that differ from the base item (三级四同); fix the source',
      {
        deviations: deviations.map((k) => ({ element: k, expected: base[k], actual: declared[k] })),
      },
    );
  }
  // The base item's legal limit may have changed since the draft was saved: the promise must still fit it.
  const legalLimitDays = effectiveLegalLimit(base, draft);
  checkLimits(legalLimitDays, draft.promisedLimitDays);
  const snapshot = buildSnapshot({
    code: impl.code,
    version: impl.currentVersion + 1,
    draft,
    baseItem: baseRef(base),
    regionName: args.regionName,
    legalLimitDays,
    publishedAt,
  });
  const hash = contentHash(snapshot);
  if (impl.publishedHash === hash && impl.status === 'published')
    return { publish: false, version: impl.currentVersion };
  const parts = { name: base.name, bodyName: draft.implementingBody.name, themes: draft.themes };
  return {
    publish: true,
    version: snapshot.version,
    snapshot,
    hash,
    entry: {
      version: snapshot.version,
      name: base.name,
      searchText: searchTextOf(parts),
      baseCode: base.code,
      type: base.type,
      level: draft.level,
      regionCode: draft.regionCode,
      departmentCode: draft.implementingBody.departmentCode,
      bodyName: draft.implementingBody.name,
      audiences: draft.audiences,
      themes: draft.themes,
      online: draft.service.online,
      caseType: draft.caseType,
      promisedDays: draft.promisedLimitDays,
      publishedAt,
      rank: staticRank(base.name, draft.level),
    },
    terms: searchTermsOf(parts),
  };
}

/** Implementations (实施清单): drafts, 三级四同 validation, immutable versions, retire, search index. */
export class ImplementationsService {
  /** `rules`: the catalog's configured rule settings (extra locked elements). */
  constructor(
    private readonly store: CatalogStore,
    readonly rules: RuleOptions,
    private readonly items: ImplementationsRepository = new ImplementationsRepository(store),
  ) {}

  /** Creates a draft (or, with `upsert`, replaces the draft of the same code) after the catalog's rules. Returns the code. */
  async saveDraft(
    tx: CatalogTx,
    input: ImplementationInput,
    opts: { upsert?: boolean; declared?: DeclaredLocked } = {},
  ): Promise<{ code: string; changed: boolean }> {
    await checkImplementationRules(databaseLookups(tx), input, this.rules);
    const code = implementationCode(input.implementingBody.uscc, input.level, input.baseCode);
    const draftHash = sha256(canonicalJson(input));
    const existing = await this.items.find(code, tx);
    if (existing && !opts.upsert) {
      throw AppError.conflict(
        CatalogErrorCode.ImplementationExists,
        `implementation ${code} already exists`,
        { field: 'implementationCode', code },
      );
    }
    const declared =
      opts.declared && Object.keys(opts.declared).length > 0 ? asJson(opts.declared) : undefined;
    if (existing) {
      const sameDeclared =
        canonicalJson(existing.declared ?? null) ===
        canonicalJson(opts.declared && Object.keys(opts.declared).length > 0 ? opts.declared : null);
      if (existing.draftHash === draftHash && sameDeclared) return { code, changed: false };
      await replaceDraft(tx, code, {
        draft: asJson(input),
        draftHash,
        departmentCode: input.implementingBody.departmentCode,
        declared: declared ?? Prisma.DbNull,
      });
      return { code, changed: true };
    }
    await insertImplementation(tx, {
      code,
      baseCode: input.baseCode,
      level: input.level,
      regionCode: input.regionCode,
      bodyUscc: input.implementingBody.uscc,
      departmentCode: input.implementingBody.departmentCode,
      draft: asJson(input),
      draftHash,
      ...(declared ? { declared } : {}),
    });
    return { code, changed: true };
  }

  async create(input: ImplementationInput): Promise<ImplementationAdmin> {
    const { code } = await this.store.messaging.transaction((tx) => this.saveDraft(tx, input));
    return this.getAdmin(code);
  }

  /** Changes localisable elements of the draft. Locked elements and the identity (base, level, region, body) cannot change. */
  async update(code: string, patch: ImplementationPatch): Promise<ImplementationAdmin> {
    await this.store.messaging.transaction(async (tx) => {
      const impl = await this.items.find(code, tx);
      if (!impl) throw AppError.notFound('implementation', code);
      const draft = ImplementationDraft.parse(impl.draft);
      for (const key of ['baseCode', 'level', 'regionCode'] as const) {
        if (patch[key] !== undefined && patch[key] !== draft[key]) {
          throw unprocessable(
            key === 'baseCode' ? CatalogErrorCode.LockedElement : 'IDENTITY_IMMUTABLE',
            key,
            'cannot change: it identifies the implementation (create a new one)',
            { element: key },
          );
        }
      }
      if (patch.implementingBody && patch.implementingBody.uscc !== draft.implementingBody.uscc) {
        throw unprocessable(
          'IDENTITY_IMMUTABLE',
          'implementingBody.uscc',
          'cannot change: it identifies the implementation',
        );
      }
      const { resultSample, ...rest } = patch;
      const next: ImplementationInput = { ...draft, ...rest };
      // resultSample: null removes the sample, left out keeps it.
      if (resultSample === null) delete next.resultSample;
      else if (resultSample !== undefined) next.resultSample = resultSample;
      await this.saveDraft(tx, next, { upsert: true });
    });
    return this.getAdmin(code);
  }

  async getAdmin(code: string): Promise<ImplementationAdmin> {
    const impl = await this.items.find(code);
    if (!impl) throw AppError.notFound('implementation', code);
    return {
      implementationCode: impl.code,
      status: ImplementationStatus.parse(impl.status),
      currentVersion: impl.currentVersion,
      draft: ImplementationDraft.parse(impl.draft),
      declared: impl.declared === null ? null : DeclaredLocked.parse(impl.declared),
      updatedAt: impl.updatedAt.toISOString(),
    };
  }

  /** The latest published version (or `version`), as the snapshot consumers get. */
  async getPublished(code: string, version?: number): Promise<ImplementationPublic> {
    const impl = await this.items.find(code);
    if (!impl || impl.currentVersion === 0) throw AppError.notFound('implementation', code);
    const v = version ?? impl.currentVersion;
    const row = await this.items.version(code, v);
    if (!row)
      throw new AppError(
        CatalogErrorCode.VersionNotFound,
        `version: implementation ${code} has no version ${v}`,
        404,
        { field: 'version' },
      );
    const status =
      v === impl.currentVersion ? ImplementationStatus.exclude(['draft']).parse(impl.status) : 'superseded';
    return { ...ImplementationSnapshot.parse(row.snapshot), status };
  }

  async listVersions(code: string): Promise<ImplementationVersions> {
    const rows = await this.items.versions(code);
    return rows.map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString() }));
  }

  /**
   * Publishes the draft as the next immutable version, in one transaction with its event and search entry.
   * An unchanged draft (same content as the last version) publishes nothing.
   */
  publishInTx = async (tx: CatalogTx, code: string, actor: string): Promise<PublishResult> => {
    const impl = await findWithBaseItem(tx, code);
    if (!impl) throw AppError.notFound('implementation', code);
    const draft = ImplementationDraft.parse(impl.draft);
    const plan = planPublish({
      impl,
      base: impl.baseItem,
      draft,
      regionName: (await regionName(tx, draft.regionCode)) ?? draft.regionCode,
      publishedAt: new Date(),
    });
    if (!plan.publish) return { implementationCode: code, version: plan.version, published: false };
    const { version, snapshot, hash, entry, terms } = plan;
    await recordPublishedVersion(tx, {
      code,
      version,
      snapshot: asJson(snapshot),
      hash,
      publishedAt: entry.publishedAt,
      publishedBy: actor,
      entry,
      terms,
    });
    await this.store.messaging.stage(tx, ImplementationPublished, snapshot);
    return { implementationCode: code, version, published: true };
  };

  publish(code: string, actor: string): Promise<PublishResult> {
    return this.store.messaging.transaction((tx) => this.publishInTx(tx, code, actor));
  }

  /** Retires the implementation: out of search, no new applications; emits the retirement. */
  async retire(code: string, reason: string): Promise<ImplementationRetiredResult> {
    return this.store.messaging.transaction(async (tx) => {
      const impl = await this.items.find(code, tx);
      if (!impl) throw AppError.notFound('implementation', code);
      if (impl.status !== 'published') {
        throw AppError.conflict(
          CatalogErrorCode.NotPublished,
          `implementation ${code} is ${impl.status}; only a published one can be retired`,
          { status: impl.status },
        );
      }
      await markRetired(tx, code);
      const payload = {
        implementationCode: code,
        version: impl.currentVersion,
        retiredAt: new Date().toISOString(),
        reason,
      };
      await this.store.messaging.stage(tx, ImplementationRetired, payload);
      return payload;
    });
  }
}
