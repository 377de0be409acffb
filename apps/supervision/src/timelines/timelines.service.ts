import type { KeyTimeline } from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { SupervisionStore } from '../supervision.store.js';
import { recordedEventView } from '../views.js';
import { mattersInRegion } from '../matters/matter.repository.js';
import { caseInScope } from '../access/scope.js';

/**
 * Every recorded event under one key (a case's or an implementation's), oldest first, as far as the caller's region
 * reaches: events of a case outside `regionPrefix` (or of a case supervision does not know) are left out; catalog
 * events (no case) are public data. Nothing left → 404, like an unknown key (no existence leak).
 */
export async function timelineOf(
  store: SupervisionStore,
  regionPrefix: string,
  key: string,
): Promise<KeyTimeline> {
  const p = store.prisma;
  const entries = await p.timelineEntry.findMany({
    where: { key },
    orderBy: [{ occurredAt: 'asc' }, { seq: 'asc' }],
  });
  const caseNos = [...new Set(entries.flatMap((e) => (e.caseNo === null ? [] : [e.caseNo])))];
  const inScope = new Set(
    (
      await p.supervisedCase.findMany({
        where: { applicationNo: { in: caseNos }, ...caseInScope(regionPrefix) },
        select: { applicationNo: true },
      })
    ).map((c) => c.applicationNo),
  );
  // Steps of 依申请公开 requests and enquiries are scoped like cases (by the matter's region).
  const matterNos = [...new Set(entries.flatMap((e) => (e.matterNo === null ? [] : [e.matterNo])))];
  const mattersInScope = new Set(
    matterNos.length === 0 ? [] : await mattersInRegion(p, matterNos, regionPrefix),
  );
  const visible = entries.filter((e) =>
    e.matterNo !== null ? mattersInScope.has(e.matterNo) : e.caseNo === null || inScope.has(e.caseNo),
  );
  if (visible.length === 0) throw AppError.notFound('timeline', key);
  return { key, entries: visible.map(recordedEventView) };
}
