import { ImplementationSnapshot } from '@hall/contracts';
import { IntakeErrorCode, unprocessable } from '../intake.errors.js';
import type { IntakeDb } from '../intake.store.js';
import { findImplementationVersion, findImplementationView } from './implementation.repository.js';

/** Parsed snapshots by code and version, per client: a stored version is never rewritten, so it is read once. */
const snapshots = new WeakMap<
  object,
  { size: number; byCode: Map<string, Map<number, ImplementationSnapshot>> }
>();
/** Versions kept per client before the cache starts again (a hall holds a few hundred implementations). */
const SNAPSHOT_CACHE_MAX = 1000;

/** The parsed snapshot of `code` at `version` shared by `cacheOwner`'s reads, if one was kept. */
export function cachedSnapshot(
  cacheOwner: object,
  code: string,
  version: number,
): ImplementationSnapshot | undefined {
  return snapshots.get(cacheOwner)?.byCode.get(code)?.get(version);
}

/** The versions of `code` whose parsed snapshot `cacheOwner` shares (a read need not fetch their snapshot). */
export function cachedVersionsOf(cacheOwner: object, code: string): number[] {
  const versions = snapshots.get(cacheOwner)?.byCode.get(code);
  return versions === undefined ? [] : [...versions.keys()];
}

/** Keeps a parsed snapshot (frozen: shared by every later read of `cacheOwner`) and returns it. */
export function keepSnapshot(
  cacheOwner: object,
  code: string,
  version: number,
  parsed: ImplementationSnapshot,
): ImplementationSnapshot {
  const snapshot = deepFreeze(parsed);
  let cache = snapshots.get(cacheOwner);
  if (cache === undefined) snapshots.set(cacheOwner, (cache = { size: 0, byCode: new Map() }));
  if (cache.size >= SNAPSHOT_CACHE_MAX) {
    cache.byCode.clear();
    cache.size = 0;
  }
  let versions = cache.byCode.get(code);
  if (versions === undefined) cache.byCode.set(code, (versions = new Map<number, ImplementationSnapshot>()));
  if (!versions.has(version)) cache.size++;
  versions.set(version, snapshot);
  return snapshot;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The implementation applications are made against now: the latest published version intake holds. The version
 * (and its status) is read every time; its snapshot, immutable once stored, is read and parsed once and shared
 * (frozen) afterwards.
 */
export async function currentImplementation(
  db: IntakeDb,
  code: string,
  /** Whose parsed snapshots to share: the service's client (also when `db` is one of its transactions). */
  cacheOwner: object = db,
): Promise<{ version: number; snapshot: ImplementationSnapshot }> {
  const view = await findImplementationView(db, code);
  if (!view)
    throw unprocessable(
      IntakeErrorCode.ImplementationUnknown,
      'implementationCode',
      `${code} is not a published implementation`,
    );
  if (view.status !== 'published')
    throw unprocessable(
      IntakeErrorCode.ImplementationRetired,
      'implementationCode',
      `${code} is retired (废止): no new applications`,
    );
  const cached = cachedSnapshot(cacheOwner, code, view.version);
  if (cached !== undefined) return { version: view.version, snapshot: cached };
  const row = await findImplementationVersion(db, code, view.version);
  if (!row)
    throw unprocessable(
      IntakeErrorCode.ImplementationUnknown,
      'implementationCode',
      `${code} version ${view.version} is not known yet`,
    );
  const snapshot = keepSnapshot(cacheOwner, code, row.version, ImplementationSnapshot.parse(row.snapshot));
  return { version: row.version, snapshot };
}
