import {
  ImplementationSnapshot,
  ImplementationStatus,
  IntermediaryService,
  type ConsistencyReport,
  type Deviation,
} from '@hall/contracts';
import type { CatalogTx } from '../catalog.store.js';
import {
  findPublishedVersion,
  findReportBaseItem,
  implementationsOfBaseItem,
} from './consistency.repository.js';
import { canonicalJson } from '../implementations/snapshot.js';

const LOCKED = ['name', 'type', 'legalBasis'] as const;

/**
 * 三级四同 report for one base item: every implementation across levels, and each place where a locked
 * element differs — as an imported source declared it, or as its latest published version still carries it
 * after the base item changed (until republished).
 */
export async function consistencyReport(tx: CatalogTx, baseCode: string): Promise<ConsistencyReport> {
  const base = await findReportBaseItem(tx, baseCode);
  const impls = await implementationsOfBaseItem(tx, baseCode);
  const deviations: Deviation[] = [];
  const rows: ConsistencyReport['implementations'] = [];
  for (const impl of impls) {
    const found: Deviation[] = [];
    const declared = (impl.declared ?? {}) as Partial<Record<(typeof LOCKED)[number], string>>;
    for (const k of LOCKED) {
      const actual = declared[k];
      if (actual !== undefined && actual !== base[k])
        found.push({ implementationCode: impl.code, element: k, expected: base[k], actual });
    }
    if (impl.currentVersion > 0 && impl.status === 'published') {
      const v = await findPublishedVersion(tx, impl.code, impl.currentVersion);
      const parsed = v ? ImplementationSnapshot.safeParse(v.snapshot) : undefined;
      if (parsed?.success) {
        for (const k of LOCKED) {
          const actual = parsed.data.baseItem[k];
          if (actual !== base[k] && !found.some((f) => f.element === k)) {
            found.push({
              implementationCode: impl.code,
              element: `published.${k}`,
              expected: base[k],
              actual,
            });
          }
        }
        // The legal time limit is inherited: a version published before the base item's limit changed differs.
        if (base.legalLimitDays !== null && parsed.data.legalLimitDays !== base.legalLimitDays) {
          found.push({
            implementationCode: impl.code,
            element: 'published.legalLimitDays',
            expected: String(base.legalLimitDays),
            actual: String(parsed.data.legalLimitDays),
          });
        }
        // 中介服务 and 收费依据 are locked too: a version published before they changed carries the old ones.
        const services = canonicalJson(IntermediaryService.array().parse(base.intermediaryServices ?? []));
        const published = canonicalJson(
          parsed.data.intermediaryServices.map(({ providers: _p, ...svc }) => svc),
        );
        if (published !== services) {
          found.push({
            implementationCode: impl.code,
            element: 'published.intermediaryServices',
            expected: services,
            actual: published,
          });
        }
        if ((parsed.data.baseItem.feeBasis ?? null) !== base.feeBasis) {
          found.push({
            implementationCode: impl.code,
            element: 'published.feeBasis',
            expected: base.feeBasis ?? '',
            actual: parsed.data.baseItem.feeBasis ?? '',
          });
        }
      }
    }
    deviations.push(...found);
    rows.push({
      implementationCode: impl.code,
      level: impl.level,
      regionCode: impl.regionCode,
      status: ImplementationStatus.parse(impl.status),
      currentVersion: impl.currentVersion,
      consistent: found.length === 0,
    });
  }
  return {
    baseCode,
    baseVersion: base.version,
    lockedElements: { name: base.name, type: base.type, legalBasis: base.legalBasis },
    implementations: rows,
    deviations,
  };
}
