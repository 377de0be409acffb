import type { Prisma, SigningKey } from '../generated/prisma/client.js';
import type { LicenceDb, LicenceTx } from '../licence.store.js';

// ——— Signing keys (签章密钥): every query of the `signing_key` table ———

/** A key as published (without its sealed private key). */
export type PublishedKeyRow = Omit<SigningKey, 'privateKeyEnc'>;

const PUBLISHED = {
  kid: true,
  issuerUscc: true,
  issuerName: true,
  algorithm: true,
  publicKey: true,
  status: true,
  createdAt: true,
  retiredAt: true,
} as const satisfies Prisma.SigningKeySelect;

/**
 * Serialises the key changes of one issuer until the transaction ends (two first licences of a new issuer at
 * once must not make two keys; a rotation must not race a creation). Raw SQL: a transaction-scoped advisory
 * lock, which Prisma has no call for — the issuer may have no key row yet to lock.
 */
export async function lockIssuerKeys(tx: LicenceTx, issuerUscc: string): Promise<void> {
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtext($1))', `licence-key:${issuerUscc}`);
}

/**
 * Locks one key row until the transaction ends (a revocation against a concurrent use). Raw SQL: Prisma has
 * no `SELECT … FOR UPDATE`.
 */
export async function lockKey(tx: LicenceTx, kid: string): Promise<void> {
  await tx.$executeRawUnsafe('SELECT 1 FROM "signing_key" WHERE "kid" = $1 FOR UPDATE', kid);
}

export async function findKey(db: LicenceDb, kid: string): Promise<SigningKey | undefined> {
  return (await db.signingKey.findUnique({ where: { kid } })) ?? undefined;
}

/** The active keys of an issuer, newest first. */
export function activeKeysOf(db: LicenceDb, issuerUscc: string): Promise<SigningKey[]> {
  return db.signingKey.findMany({
    where: { issuerUscc, status: 'active' },
    orderBy: { createdAt: 'desc' },
  });
}

/** The name the issuer's keys were made under (undefined when it has none). */
export async function issuerNameOfKeys(db: LicenceDb, issuerUscc: string): Promise<string | undefined> {
  const row = await db.signingKey.findFirst({ where: { issuerUscc }, select: { issuerName: true } });
  return row?.issuerName;
}

export async function insertKey(
  tx: LicenceTx,
  data: Pick<SigningKey, 'kid' | 'issuerUscc' | 'issuerName' | 'algorithm' | 'publicKey' | 'privateKeyEnc'>,
): Promise<PublishedKeyRow> {
  return tx.signingKey.create({ data, select: PUBLISHED });
}

/** Retires one key: it signs nothing more, what it signed still verifies. */
export async function retireKey(tx: LicenceTx, kid: string, at: Date): Promise<void> {
  await tx.signingKey.update({ where: { kid }, data: { status: 'retired', retiredAt: at } });
}

/** Retires every active key of an issuer. */
export async function retireActiveKeys(tx: LicenceTx, issuerUscc: string, at: Date): Promise<void> {
  await tx.signingKey.updateMany({
    where: { issuerUscc, status: 'active' },
    data: { status: 'retired', retiredAt: at },
  });
}

/** Marks a key revoked (compromised); `retiredAt` keeps an earlier retirement. */
export function markKeyRevoked(tx: LicenceTx, kid: string, retiredAt: Date): Promise<PublishedKeyRow> {
  return tx.signingKey.update({
    where: { kid },
    data: { status: 'revoked', retiredAt },
    select: PUBLISHED,
  });
}

/** The published keys (of one issuer, or all), by issuer then age. */
export function publishedKeys(db: LicenceDb, issuerUscc?: string): Promise<PublishedKeyRow[]> {
  return db.signingKey.findMany({
    where: issuerUscc ? { issuerUscc } : {},
    orderBy: [{ issuerUscc: 'asc' }, { createdAt: 'asc' }],
    select: PUBLISHED,
  });
}

export async function findPublishedKey(db: LicenceDb, kid: string): Promise<PublishedKeyRow | undefined> {
  return (await db.signingKey.findUnique({ where: { kid }, select: PUBLISHED })) ?? undefined;
}
