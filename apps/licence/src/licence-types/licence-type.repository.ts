import type { LicenceType, Prisma } from '../generated/prisma/client.js';
import type { LicenceDb, LicenceTx } from '../licence.store.js';

// ——— Licence types (证照类型) and the implementations they come from: the `licence_type` and
// `licence_implementation` read models of the catalog's published snapshots ———

/** The version of an implementation's snapshot last applied (undefined when none was). */
export async function appliedImplementationVersion(
  db: LicenceDb,
  implementationCode: string,
): Promise<number | undefined> {
  const row = await db.licenceImplementation.findUnique({
    where: { implementationCode },
    select: { version: true },
  });
  return row?.version;
}

/** Records the implementation's applied snapshot version and its 业务办理项. */
export async function saveImplementation(
  tx: LicenceTx,
  implementationCode: string,
  data: { version: number; handlingKind: string | null },
): Promise<void> {
  await tx.licenceImplementation.upsert({
    where: { implementationCode },
    create: { implementationCode, ...data },
    update: data,
  });
}

/** 业务办理项 of an implementation (new/change/renew/cancel), when its snapshot said. */
export async function implementationHandlingKind(
  db: LicenceDb,
  implementationCode: string,
): Promise<string | undefined> {
  const row = await db.licenceImplementation.findUnique({ where: { implementationCode } });
  return row?.handlingKind ?? undefined;
}

/** Inserts or replaces one licence type of one issuing body. */
export async function saveLicenceType(
  tx: LicenceTx,
  code: string,
  issuerUscc: string,
  data: Omit<Prisma.LicenceTypeUncheckedCreateInput, 'code' | 'issuerUscc'>,
): Promise<void> {
  await tx.licenceType.upsert({
    where: { code_issuerUscc: { code, issuerUscc } },
    create: { code, issuerUscc, ...data },
    update: data,
  });
}

export async function findLicenceType(
  db: LicenceDb,
  code: string,
  issuerUscc: string,
): Promise<LicenceType | undefined> {
  return (await db.licenceType.findUnique({ where: { code_issuerUscc: { code, issuerUscc } } })) ?? undefined;
}

/** Every licence type, by code then issuer. */
export function allLicenceTypes(db: LicenceDb): Promise<LicenceType[]> {
  return db.licenceType.findMany({ orderBy: [{ code: 'asc' }, { issuerUscc: 'asc' }] });
}
