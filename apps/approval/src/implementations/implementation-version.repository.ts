import { ImplementationSnapshot } from '@hall/contracts';
import type { RawExecutor } from '@hall/messaging';
import type { ApprovalTx } from '../approval.store.js';
import type { ApprovalCase } from '../generated/prisma/client.js';

type FiledUnder = Pick<ApprovalCase, 'implementationCode' | 'implementationVersion'>;

/**
 * Parsed snapshots by `code@version`, per service instance (issue 22: no catalog read per command). A published
 * version is immutable (`saveImplementationVersion` never rewrites one; retiring it touches `retired_at` only), so a
 * cached snapshot never goes stale; a version not received yet is never cached.
 */
export type SnapshotCache = Map<string, ImplementationSnapshot>;

/** The catalog version a case was filed under, or null when approval never received it. */
export async function findFiledSnapshot(
  tx: RawExecutor,
  c: FiledUnder,
  cache?: SnapshotCache,
): Promise<ImplementationSnapshot | null> {
  const key = `${c.implementationCode}@${c.implementationVersion}`;
  const cached = cache?.get(key);
  if (cached !== undefined) return cached;
  // Raw SQL: the same on a Prisma transaction and on the driver's own (task actions, decide, case opening).
  const [view] = await tx.$queryRawUnsafe<{ snapshot: unknown }[]>(
    `SELECT "snapshot" FROM "implementation_version_view" WHERE "code" = $1 AND "version" = $2::int`,
    c.implementationCode,
    c.implementationVersion,
  );
  if (!view) return null;
  const snapshot = snapshotOf(view);
  cache?.set(key, snapshot);
  return snapshot;
}

/** The catalog version a case was filed under (every case has one: it was opened from it). */
export async function filedSnapshot(
  tx: RawExecutor,
  c: FiledUnder,
  cache?: SnapshotCache,
): Promise<ImplementationSnapshot> {
  const snapshot = await findFiledSnapshot(tx, c, cache);
  if (snapshot === null)
    throw new Error(`implementation ${c.implementationCode} version ${c.implementationVersion} not found`);
  return snapshot;
}

/** The stored snapshot, parsed with its contract (never cast). */
export function snapshotOf(view: { snapshot: unknown }): ImplementationSnapshot {
  return ImplementationSnapshot.parse(view.snapshot);
}

/** Keeps a published version (versions are immutable: a version already held is left as it is). */
export async function saveImplementationVersion(tx: ApprovalTx, p: ImplementationSnapshot): Promise<void> {
  await tx.implementationVersionView.upsert({
    where: { code_version: { code: p.implementationCode, version: p.version } },
    update: {},
    create: {
      code: p.implementationCode,
      version: p.version,
      name: p.baseItem.name,
      regionCode: p.regionCode,
      bodyName: p.implementingBody.name,
      bodyUscc: p.implementingBody.uscc,
      bodyDepartmentCode: p.implementingBody.departmentCode,
      legalLimitDays: p.legalLimitDays,
      promisedLimitDays: p.promisedLimitDays,
      snapshot: p,
      publishedAt: new Date(p.publishedAt),
    },
  });
}

/** Marks every version up to `version` of an implementation retired (running cases continue on theirs). */
export async function retireImplementationVersions(
  tx: ApprovalTx,
  code: string,
  version: number,
  retiredAt: Date,
): Promise<void> {
  await tx.implementationVersionView.updateMany({
    where: { code, version: { lte: version }, retiredAt: null },
    data: { retiredAt },
  });
}
