import { ImplementationSnapshot, type ImplementationPublished, type ImplementationRetired, type PayloadOf } from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import type { ApprovalTx } from '../approval.store.js';

/**
 * Keeps every published version (code + version) of every implementation: a case follows the version its
 * application was made against, however many versions were published since. Versions are immutable, so a
 * replay or redelivery of a version already held changes nothing.
 */
export async function onImplementationPublished(
  p: PayloadOf<typeof ImplementationPublished>,
  { tx }: HandlerContext<ApprovalTx>,
): Promise<void> {
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

/** Retirement stops new applications at intake; running cases continue on their version. Recorded for display. */
export async function onImplementationRetired(
  p: PayloadOf<typeof ImplementationRetired>,
  { tx }: HandlerContext<ApprovalTx>,
): Promise<void> {
  await tx.implementationVersionView.updateMany({
    where: { code: p.implementationCode, version: { lte: p.version }, retiredAt: null },
    data: { retiredAt: new Date(p.retiredAt) },
  });
}

/** The stored snapshot, parsed with its contract (never cast). */
export function snapshotOf(view: { snapshot: unknown }): ImplementationSnapshot {
  return ImplementationSnapshot.parse(view.snapshot);
}
