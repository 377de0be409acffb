import { ImplementationSnapshot } from '@hall/contracts';
import { IntakeErrorCode, unprocessable } from '../intake.errors.js';
import type { IntakeDb } from '../intake.store.js';
import { findImplementationVersion, findImplementationView } from './implementation.repository.js';

/** Parsed snapshots by `code@version`, per client: a stored version is never rewritten, so it is read once. */
const snapshots = new WeakMap<object, Map<string, ImplementationSnapshot>>();
/** Versions kept per client before the cache starts again (a hall holds a few hundred implementations). */
const SNAPSHOT_CACHE_MAX = 1000;

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
  let cache = snapshots.get(cacheOwner);
  if (cache === undefined) snapshots.set(cacheOwner, (cache = new Map<string, ImplementationSnapshot>()));
  const key = `${code}@${view.version}`;
  const cached = cache.get(key);
  if (cached !== undefined) return { version: view.version, snapshot: cached };
  const row = await findImplementationVersion(db, code, view.version);
  if (!row)
    throw unprocessable(
      IntakeErrorCode.ImplementationUnknown,
      'implementationCode',
      `${code} version ${view.version} is not known yet`,
    );
  const snapshot = deepFreeze(ImplementationSnapshot.parse(row.snapshot));
  if (cache.size >= SNAPSHOT_CACHE_MAX) cache.clear();
  cache.set(key, snapshot);
  return { version: row.version, snapshot };
}
