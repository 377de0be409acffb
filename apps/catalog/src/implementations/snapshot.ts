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
  const { draft } = args;
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
    fees: draft.fees,
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
