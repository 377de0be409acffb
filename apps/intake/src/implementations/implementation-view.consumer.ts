import type { ImplementationPublished, ImplementationRetired, PayloadOf } from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import type { IntakeTx } from '../intake.store.js';
import {
  createImplementationView,
  findImplementationView,
  keepImplementationVersion,
  retireImplementationView,
  updateImplementationView,
} from './implementation.repository.js';

/**
 * Keeps intake's read model of published implementations: every version in `implementation_version`
 * (immutable: a replay never rewrites a stored version; applications are judged by the version they name)
 * and the latest in `implementation_view`. Versions may arrive out of order (replays, redelivery): the view
 * only ever moves to a newer version.
 */
export async function onImplementationPublished(
  p: PayloadOf<typeof ImplementationPublished>,
  { tx }: HandlerContext<IntakeTx>,
): Promise<void> {
  await keepImplementationVersion(tx, {
    code: p.implementationCode,
    version: p.version,
    name: p.baseItem.name,
    regionCode: p.regionCode,
    departmentCode: p.implementingBody.departmentCode,
    legalLimitDays: p.legalLimitDays,
    promisedLimitDays: p.promisedLimitDays,
    publishedAt: new Date(p.publishedAt),
    snapshot: p,
  });
  const data = {
    version: p.version,
    name: p.baseItem.name,
    baseCode: p.baseItem.code,
    itemType: p.baseItem.type,
    regionCode: p.regionCode,
    implementingBody: p.implementingBody.name,
    legalLimitDays: p.legalLimitDays,
    promisedLimitDays: p.promisedLimitDays,
    publishedAt: new Date(p.publishedAt),
    status: 'published',
    snapshot: p,
  };
  const current = await findImplementationView(tx, p.implementationCode);
  if (!current) {
    await createImplementationView(tx, { code: p.implementationCode, ...data });
  } else if (current.version < p.version) {
    await updateImplementationView(tx, p.implementationCode, data);
  }
}

/** A retirement applies to the version it names or later ones only (an older retire never hides a newer publish). */
export async function onImplementationRetired(
  p: PayloadOf<typeof ImplementationRetired>,
  { tx }: HandlerContext<IntakeTx>,
): Promise<void> {
  await retireImplementationView(tx, p.implementationCode, p.version);
}
