import { createHash } from 'node:crypto';
import { ImplementationSnapshot, type BaseItemRef, type ImplementationInput } from '@hall/contracts';

/** Canonical JSON (sorted keys) so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Builds the snapshot of one version: the draft's localised elements + the base item's locked ones. */
export function buildSnapshot(args: {
  code: string;
  version: number;
  draft: ImplementationInput;
  baseItem: BaseItemRef;
  regionName: string;
  /** 法定办结时限: the base item's (or, where it has none, the draft's). */
  legalLimitDays: number;
  publishedAt: Date;
}): ImplementationSnapshot {
  const { draft, baseItem } = args;
  // 中介服务 come from the base item (locked); each carries the providers this implementation lists for it.
  const intermediaryServices = (baseItem.intermediaryServices ?? []).map((svc) => ({
    ...svc,
    providers: draft.intermediaryProviders
      .filter((p) => p.service === svc.name)
      .map(({ service: _s, ...p }) => p),
  }));
  // 收费依据 locked on the base item: every fee is charged on it.
  const fees =
    baseItem.feeBasis === undefined
      ? draft.fees
      : draft.fees.map((f) => ({ ...f, basis: baseItem.feeBasis }));
  return ImplementationSnapshot.parse({
    implementationCode: args.code,
    version: args.version,
    baseItem: args.baseItem,
    level: draft.level,
    regionCode: draft.regionCode,
    regionName: args.regionName,
    implementingBody: draft.implementingBody,
    legalLimitDays: args.legalLimitDays,
    promisedLimitDays: draft.promisedLimitDays,
    caseType: draft.caseType,
    audiences: draft.audiences,
    themes: draft.themes,
    acceptanceConditions: draft.acceptanceConditions,
    process: draft.process,
    materials: draft.materials,
    fees,
    intermediaryServices,
    quantityLimit: draft.quantityLimit,
    ...(draft.resultSample ? { resultSample: draft.resultSample } : {}),
    processTemplate: draft.processTemplate,
    results: draft.results,
    applicationForm: draft.applicationForm,
    resultName: draft.resultName,
    service: draft.service,
    publishedAt: args.publishedAt.toISOString(),
  });
}

/** Content hash of a snapshot without its version and date: equal hash = nothing to publish. */
export function contentHash(snapshot: ImplementationSnapshot): string {
  const { version: _v, publishedAt: _p, ...content } = snapshot;
  return sha256(canonicalJson(content));
}
