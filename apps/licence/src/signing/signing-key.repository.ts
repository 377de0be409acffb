import type { Prisma, SigningKey } from '../generated/prisma/client.js';
import type { LicenceDb, LicenceRawTx, LicenceTx } from '../licence.store.js';

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
export async function lockIssuerKeys(tx: LicenceRawTx, issuerUscc: string): Promise<void> {
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

/**
 * The active keys of an issuer, newest first. Raw SQL: it runs in the issuance consumer's transaction on the driver
 * too (a new issuer's first licence).
 */
export async function activeKeysOf(
  tx: LicenceRawTx,
  issuerUscc: string,
): Promise<Array<Pick<SigningKey, 'kid' | 'publicKey' | 'privateKeyEnc'>>> {
  const rows = await tx.$queryRawUnsafe<Array<{ kid: string; public_key: string; private_key_enc: string }>>(
    `SELECT "kid", "public_key", "private_key_enc" FROM "signing_key"
      WHERE "issuer_uscc" = $1 AND "status" = 'active' ORDER BY "created_at" DESC, "kid"`,
    issuerUscc,
  );
  return rows.map((r) => ({ kid: r.kid, publicKey: r.public_key, privateKeyEnc: r.private_key_enc }));
}

/** The name the issuer's keys were made under (undefined when it has none). */
export async function issuerNameOfKeys(db: LicenceDb, issuerUscc: string): Promise<string | undefined> {
  const row = await db.signingKey.findFirst({ where: { issuerUscc }, select: { issuerName: true } });
  return row?.issuerName;
}

/** Stores a new (active) key. Raw SQL, like `activeKeysOf`. */
export async function insertKey(
  tx: LicenceRawTx,
  data: Pick<SigningKey, 'kid' | 'issuerUscc' | 'issuerName' | 'algorithm' | 'publicKey' | 'privateKeyEnc'>,
): Promise<PublishedKeyRow> {
  const rows = await tx.$queryRawUnsafe<Array<{ key: string }>>(
    `INSERT INTO "signing_key" ("kid", "issuer_uscc", "issuer_name", "algorithm", "public_key", "private_key_enc")
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING json_build_object('kid', "kid", 'issuerUscc', "issuer_uscc", 'issuerName', "issuer_name",
       'algorithm', "algorithm", 'publicKey', "public_key", 'status', "status", 'createdAt', "created_at",
       'retiredAt', "retired_at")::text AS "key"`,
    data.kid,
    data.issuerUscc,
    data.issuerName,
    data.algorithm,
    data.publicKey,
    data.privateKeyEnc,
  );
  const row = JSON.parse(rows[0]?.key ?? 'null') as
    | (Omit<PublishedKeyRow, 'createdAt' | 'retiredAt'> & { createdAt: string; retiredAt: string | null })
    | null;
  if (!row) throw new Error(`signing key ${data.kid} was not stored`);
  return {
    ...row,
    createdAt: new Date(row.createdAt),
    retiredAt: row.retiredAt === null ? null : new Date(row.retiredAt),
  };
}

/** Retires one key: it signs nothing more, what it signed still verifies. Raw SQL, like `activeKeysOf`. */
export async function retireKey(tx: LicenceRawTx, kid: string, at: Date): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE "signing_key" SET "status" = 'retired', "retired_at" = $2::timestamptz WHERE "kid" = $1`,
    kid,
    at.toISOString(),
  );
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
