import { type ImplementationPublished, type PayloadOf } from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import type { IntakeTx } from '../intake.store.js';

/**
 * Keeps intake's read model of published implementations. Versions may arrive out of order (replays,
 * redelivery): the stored row only ever moves to a newer version.
 */
export async function onImplementationPublished(
  p: PayloadOf<typeof ImplementationPublished>,
  { tx }: HandlerContext<IntakeTx>,
): Promise<void> {
  const data = {
    version: p.version,
    name: p.name,
    baseCode: p.baseCode,
    itemType: p.itemType,
    regionCode: p.regionCode,
    implementingBody: p.implementingBody,
    legalLimitDays: p.legalLimitDays,
    promisedLimitDays: p.promisedLimitDays,
    publishedAt: new Date(p.publishedAt),
  };
  const current = await tx.implementationView.findUnique({ where: { code: p.implementationCode }, select: { version: true } });
  if (!current) {
    await tx.implementationView.create({ data: { code: p.implementationCode, ...data } });
  } else if (current.version < p.version) {
    await tx.implementationView.update({ where: { code: p.implementationCode }, data });
  }
}
