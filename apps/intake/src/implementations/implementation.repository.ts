import type { Prisma } from '../generated/prisma/client.js';
import type { IntakeDb, IntakeStore, IntakeTx } from '../intake.store.js';

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

// ——— Functions on the client or a transaction (the consumer's and the submission's) ———

/** The latest version and status of `code` (null when intake has none). */
export function findImplementationView(db: IntakeDb, code: string) {
  return db.implementationView.findUnique({ where: { code }, select: { version: true, status: true } });
}

/** One stored version with its snapshot (null when intake does not hold it). */
export function findImplementationVersion(db: IntakeDb, code: string, version: number) {
  return db.implementationVersion.findUnique({ where: { code_version: { code, version } } });
}

/** Keeps a published version; a version already held is never rewritten (applications are judged by it). */
export async function keepImplementationVersion(
  tx: IntakeTx,
  data: Prisma.ImplementationVersionCreateInput,
): Promise<void> {
  await tx.implementationVersion.upsert({
    where: { code_version: { code: data.code, version: data.version } },
    create: data,
    update: {},
  });
}

export async function createImplementationView(
  tx: IntakeTx,
  data: Prisma.ImplementationViewCreateInput,
): Promise<void> {
  await tx.implementationView.create({ data });
}

export async function updateImplementationView(
  tx: IntakeTx,
  code: string,
  data: Prisma.ImplementationViewUpdateInput,
): Promise<void> {
  await tx.implementationView.update({ where: { code }, data });
}

/** Retires the view of `code` if it is at `version` or older (an older retire never hides a newer publish). */
export async function retireImplementationView(tx: IntakeTx, code: string, version: number): Promise<void> {
  await tx.implementationView.updateMany({
    where: { code, version: { lte: version } },
    data: { status: 'retired' },
  });
}
