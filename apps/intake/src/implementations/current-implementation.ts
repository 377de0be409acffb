import { ImplementationSnapshot } from '@hall/contracts';
import { IntakeErrorCode, unprocessable } from '../intake.errors.js';
import type { IntakeDb } from '../intake.store.js';
import { findImplementationVersion, findImplementationView } from './implementation.repository.js';

/** The implementation applications are made against now: the latest published version intake holds. */
export async function currentImplementation(
  db: IntakeDb,
  code: string,
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
  const row = await findImplementationVersion(db, code, view.version);
  if (!row)
    throw unprocessable(
      IntakeErrorCode.ImplementationUnknown,
      'implementationCode',
      `${code} version ${view.version} is not known yet`,
    );
  return { version: row.version, snapshot: ImplementationSnapshot.parse(row.snapshot) };
}
