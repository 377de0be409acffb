import type { IntakeStore } from '../intake.store.js';

/** Intake's read model of published implementations: the latest one per code and every version it holds. */
export class ImplementationRepository {
  constructor(private readonly store: IntakeStore) {}

  /** The latest published version of `code` (null when intake has none). */
  latest(code: string) {
    return this.store.prisma.implementationView.findUnique({ where: { code } });
  }

  /** Every version of `code`, oldest first, without the snapshots. */
  versions(code: string) {
    return this.store.prisma.implementationVersion.findMany({
      where: { code },
      orderBy: { version: 'asc' },
      select: {
        code: true,
        version: true,
        name: true,
        regionCode: true,
        promisedLimitDays: true,
        legalLimitDays: true,
        publishedAt: true,
      },
    });
  }

  /** One version with its snapshot (null when intake does not hold it). */
  version(code: string, version: number) {
    return this.store.prisma.implementationVersion.findUnique({ where: { code_version: { code, version } } });
  }
}
