import type { ImplementationPublished, ImplementationRetired, PayloadOf } from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import type { ApprovalTx } from '../approval.store.js';
import {
  retireImplementationVersions,
  saveImplementationVersion,
} from './implementation-version.repository.js';

/**
 * Keeps every published version (code + version) of every implementation: a case follows the version its
 * application was made against, however many versions were published since. Versions are immutable, so a
 * replay or redelivery of a version already held changes nothing.
 */
export async function onImplementationPublished(
  p: PayloadOf<typeof ImplementationPublished>,
  { tx }: HandlerContext<ApprovalTx>,
): Promise<void> {
  await saveImplementationVersion(tx, p);
}

/** Retirement stops new applications at intake; running cases continue on their version. Recorded for display. */
export async function onImplementationRetired(
  p: PayloadOf<typeof ImplementationRetired>,
  { tx }: HandlerContext<ApprovalTx>,
): Promise<void> {
  await retireImplementationVersions(tx, p.implementationCode, p.version, new Date(p.retiredAt));
}
