import type { ImplementationSnapshot } from '@hall/contracts';
import type { ApprovalTx } from '../approval.store.js';
import type { ApprovalCase } from '../generated/prisma/client.js';
import { snapshotOf } from './implementation-version.consumer.js';

type FiledUnder = Pick<ApprovalCase, 'implementationCode' | 'implementationVersion'>;

/** The catalog version a case was filed under, or null when approval never received it. */
export async function findFiledSnapshot(tx: ApprovalTx, c: FiledUnder): Promise<ImplementationSnapshot | null> {
  const view = await tx.implementationVersionView.findUnique({ where: { code_version: { code: c.implementationCode, version: c.implementationVersion } } });
  return view ? snapshotOf(view) : null;
}

/** The catalog version a case was filed under (every case has one: it was opened from it). */
export async function filedSnapshot(tx: ApprovalTx, c: FiledUnder): Promise<ImplementationSnapshot> {
  const view = await tx.implementationVersionView.findUniqueOrThrow({ where: { code_version: { code: c.implementationCode, version: c.implementationVersion } } });
  return snapshotOf(view);
}
