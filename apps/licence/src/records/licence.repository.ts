import type { LicenceStatus } from '@hall/contracts';
import type { Licence, Prisma } from '../generated/prisma/client.js';
import type { RawExecutor } from '@hall/messaging';
import type { LicenceDb, LicenceTx } from '../licence.store.js';
import type { LicenceData } from './directory-record.js';

export type LicenceRow = Licence;
export type { LicenceDb };
export type { LicenceStatus };

export const STATUS_LABELS: Readonly<Record<LicenceStatus, string>> = {
  valid: '有效',
  suspended: '暂扣',
  revoked: '撤销',
  withdrawn: '吊销',
  cancelled: '注销',
  expired: '失效',
  /** 失效 because a renewal or change issued a new version (`supersededBy`). */
  superseded: '失效（已换发）',
  /** The key that signed it was revoked (compromised): unusable until the issuing department re-signs it. */
  invalidated: '签章失效（密钥已作废，待重新签发）',
};

export function asStatus(s: string): LicenceStatus {
  return s in STATUS_LABELS ? (s as LicenceStatus) : 'revoked';
}

/** The next serial of an issuer + licence type, taken in the caller's transaction (row lock until commit). */
export async function nextSerial(tx: LicenceTx, issuerUscc: string, typeCode: string): Promise<bigint> {
  const rows = await tx.$queryRawUnsafe<Array<{ last_serial: bigint | number | string }>>(
    `INSERT INTO "licence_serial" ("issuer_uscc", "type_code", "last_serial") VALUES ($1, $2, 1)
     ON CONFLICT ("issuer_uscc", "type_code") DO UPDATE SET "last_serial" = "licence_serial"."last_serial" + 1
     RETURNING "last_serial"`,
    issuerUscc,
    typeCode,
  );
  const value = rows[0]?.last_serial;
  if (value === undefined) throw new Error('serial allocation returned nothing');
  return BigInt(value);
}

export function fieldsOf(row: { fields: Prisma.JsonValue }): Array<{ label: string; value: string }> {
  const raw = row.fields;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((f) => {
    if (f && typeof f === 'object' && !Array.isArray(f)) {
      const label = f['label'];
      const value = f['value'];
      if (typeof label === 'string' && typeof value === 'string') return [{ label, value }];
    }
    return [];
  });
}

/** The directory-record view of a stored licence. */
export function licenceData(row: LicenceRow): LicenceData {
  return {
    identifier: row.identifier,
    name: row.name,
    typeCode: row.typeCode,
    version: row.version,
    previousIdentifier: row.previousIdentifier,
    holderKind: row.holderKind,
    holderName: row.holderName,
    holderIdType: row.holderIdType,
    holderIdNumber: row.holderIdNumber,
    issuerName: row.issuerName,
    issuerUscc: row.issuerUscc,
    jurisdiction: row.jurisdiction,
    issuedAt: row.issuedAt,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    fields: fieldsOf(row),
  };
}

// ——— Licence rows (电子证照目录): every query of the `licence` and `licence_status_change` tables ———

export async function findLicence(db: LicenceDb, identifier: string): Promise<LicenceRow | undefined> {
  return (await db.licence.findUnique({ where: { identifier } })) ?? undefined;
}

/** Locks a licence row for the rest of the transaction (FOR UPDATE) and reads it. */
/** The licence of one type an application was issued (undefined when none was yet). */
export async function findLicenceOfApplication(
  db: LicenceDb,
  applicationNo: string,
  typeCode: string,
): Promise<LicenceRow | undefined> {
  return (
    (await db.licence.findUnique({ where: { applicationNo_typeCode: { applicationNo, typeCode } } })) ??
    undefined
  );
}

/** Identifiers of at most `take` licences a holder holds of one type and issuer, in one of `statuses`. */
export async function heldLicenceIdentifiers(
  db: LicenceDb,
  same: { typeCode: string; issuerUscc: string; holderIdNumber: string },
  statuses: readonly string[],
  take: number,
): Promise<string[]> {
  const rows = await db.licence.findMany({
    where: { ...same, status: { in: [...statuses] } },
    select: { identifier: true },
    take,
  });
  return rows.map((r) => r.identifier);
}

/** Stores a new signed licence version. */
export async function insertLicence(tx: LicenceTx, data: Prisma.LicenceUncheckedCreateInput): Promise<void> {
  await tx.licence.create({ data });
}

/** 重新签发: the new signature, key and QR payload; the PDF is queued for rendering again. */
export async function replaceSignature(
  tx: LicenceTx,
  identifier: string,
  signed: { signature: string; keyId: string; qrPayload: string },
): Promise<void> {
  await tx.licence.update({
    where: { identifier },
    data: {
      ...signed,
      renderStatus: 'pending',
      renderAttempts: 0,
      renderError: null,
      renderClaimedUntil: null,
    },
  });
}

export async function lockLicence(tx: LicenceTx, identifier: string): Promise<LicenceRow | undefined> {
  await tx.$executeRawUnsafe('SELECT 1 FROM "licence" WHERE "identifier" = $1 FOR UPDATE', identifier);
  return (await tx.licence.findUnique({ where: { identifier } })) ?? undefined;
}

export interface LicenceListFilter {
  page: number;
  pageSize: number;
  type?: string | undefined;
  status?: LicenceStatus | undefined;
  issuer?: string | undefined;
  q?: string | undefined;
}

/** Who may see which licences: a holder's own, or a department's within a region. */
export type LicenceScope =
  { holderIdNumber: string } | { departmentCode: string; jurisdictionPrefix: string };

/** One page of licences in a scope, newest first, and the filter values the scope offers (types, statuses, issuers). */
export async function pageLicences(db: LicenceDb, scope: LicenceScope, f: LicenceListFilter) {
  const inScope: Prisma.LicenceWhereInput =
    'holderIdNumber' in scope
      ? { holderIdNumber: scope.holderIdNumber }
      : { departmentCode: scope.departmentCode, jurisdiction: { startsWith: scope.jurisdictionPrefix } };
  const q = f.q?.trim();
  const where: Prisma.LicenceWhereInput = {
    AND: [
      inScope,
      ...(f.type ? [{ typeCode: f.type }] : []),
      ...(f.status ? [{ status: f.status }] : []),
      ...(f.issuer ? [{ issuerUscc: f.issuer }] : []),
      // 证照名称, 电子证照标识 or 办件编号 (the holder knows the number of the application it was issued on).
      ...(q
        ? [
            {
              OR: [
                { name: { contains: q } },
                { identifier: { contains: q } },
                { applicationNo: { contains: q } },
              ],
            },
          ]
        : []),
    ],
  };
  const [total, rows, facets] = await Promise.all([
    db.licence.count({ where }),
    db.licence.findMany({
      where,
      orderBy: [{ issuedAt: 'desc' }, { identifier: 'asc' }],
      skip: (f.page - 1) * f.pageSize,
      take: f.pageSize,
    }),
    db.licence.findMany({
      where: inScope,
      distinct: ['typeCode', 'status', 'issuerUscc'],
      select: { typeCode: true, name: true, status: true, issuerUscc: true, issuerName: true },
      take: 1000,
    }),
  ]);
  return { total, rows, facets };
}

export async function statusHistory(db: LicenceDb, identifier: string) {
  return db.licenceStatusChange.findMany({ where: { identifier }, orderBy: { id: 'asc' } });
}

/** The status a licence had before it last became 签章失效 (to go back to on 重新签发). */
export async function statusBeforeInvalidation(
  tx: LicenceTx,
  identifier: string,
): Promise<string | undefined> {
  const last = await tx.licenceStatusChange.findFirst({
    where: { identifier, toStatus: 'invalidated' },
    orderBy: { id: 'desc' },
  });
  return last?.fromStatus;
}

export interface StatusMove {
  identifier: string;
  from: LicenceStatus;
  to: LicenceStatus;
  reason: string;
  actor: { userId: string; name: string };
  at: Date;
  /** 失效（已换发）: the identifier of the version that replaced it. */
  supersededBy?: string;
}

/** A status change: the row and its history entry (the caller's transaction also writes the event). */
export async function moveStatus(tx: LicenceTx, m: StatusMove): Promise<void> {
  await tx.licence.update({
    where: { identifier: m.identifier },
    data: {
      status: m.to,
      ...(m.supersededBy !== undefined ? { supersededBy: m.supersededBy } : {}),
      statusReason: m.reason,
      statusChangedAt: m.at,
      statusChangedBy: m.actor.name,
    },
  });
  await tx.licenceStatusChange.create({
    data: {
      identifier: m.identifier,
      fromStatus: m.from,
      toStatus: m.to,
      reason: m.reason,
      actorId: m.actor.userId,
      actorName: m.actor.name,
      at: m.at,
    },
  });
}

/** Identifiers of licences in one of `statuses` whose validity ended before `now`, oldest end first. */
export async function expiredBefore(
  db: LicenceDb,
  now: Date,
  statuses: readonly LicenceStatus[],
  limit: number,
): Promise<string[]> {
  const rows = await db.licence.findMany({
    where: { status: { in: [...statuses] }, validUntil: { lt: now } },
    select: { identifier: true },
    orderBy: { validUntil: 'asc' },
    take: limit,
  });
  return rows.map((r) => r.identifier);
}

/** Identifiers of the licences signed by key `kid` that are in one of `statuses`. */
export async function signedByKey(
  db: LicenceDb,
  kid: string,
  statuses: readonly LicenceStatus[],
): Promise<string[]> {
  const rows = await db.licence.findMany({
    where: { keyId: kid, status: { in: [...statuses] } },
    select: { identifier: true },
    orderBy: { identifier: 'asc' },
  });
  return rows.map((r) => r.identifier);
}

// ——— The PDF render queue (the `render_*` columns) ———

/** Claims up to `batch` pending renders for `claimSeconds` (SKIP LOCKED: workers never take the same row). */
/** What the render worker needs of a claimed licence, with the state of the key that signed it. */
export interface RenderJob extends PrintableFields {
  identifier: string;
  issuerUscc: string;
  keyId: string;
  qrPayload: string;
  renderAttempts: number;
  /** The signing key as stored now (undefined: no such key). */
  key: { status: string; publicKey: string; privateKeyEnc: string } | undefined;
}

/** The printed fields of a licence (see `PrintableLicence`). */
export interface PrintableFields {
  name: string;
  holderKind: string;
  holderName: string;
  holderIdType: string;
  holderIdNumber: string;
  issuerName: string;
  jurisdiction: string;
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
  fields: Prisma.JsonValue;
}

/**
 * Claims up to `batch` licences waiting for their PDF (lease `claimSeconds`) and returns what rendering them needs,
 * the signing key's current status included, in one statement on the driver (issue 22: no read per licence, no ORM;
 * personal data is opened by `reveal`).
 */
export async function claimRenders(
  raw: RawExecutor,
  claimSeconds: number,
  batch: number,
  reveal: (value: unknown) => unknown,
): Promise<RenderJob[]> {
  const rows = await raw.$queryRawUnsafe<Array<{ job: string }>>(
    `WITH claimed AS (
       UPDATE "licence" SET "render_claimed_until" = now() + make_interval(secs => $1), "render_attempts" = "render_attempts" + 1
        WHERE "identifier" IN (
          SELECT "identifier" FROM "licence"
           WHERE "render_status" = 'pending' AND ("render_claimed_until" IS NULL OR "render_claimed_until" < now())
           ORDER BY "created_at" LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING *)
     SELECT json_build_object(
         'identifier', c."identifier", 'name', c."name", 'holderKind', c."holder_kind", 'holderName', c."holder_name",
         'holderIdType', c."holder_id_type", 'holderIdNumber', c."holder_id_number", 'issuerName', c."issuer_name",
         'issuerUscc', c."issuer_uscc", 'jurisdiction', c."jurisdiction", 'issuedAt', c."issued_at",
         'validFrom', c."valid_from", 'validUntil', c."valid_until", 'fields', c."fields", 'keyId', c."key_id",
         'qrPayload', c."qr_payload", 'renderAttempts', c."render_attempts",
         'key', (SELECT json_build_object('status', k."status", 'publicKey', k."public_key",
                                          'privateKeyEnc', k."private_key_enc")
                   FROM "signing_key" k WHERE k."kid" = c."key_id"))::text AS job
       FROM claimed c ORDER BY c."created_at"`,
    claimSeconds,
    batch,
  );
  return rows.map((r) => {
    const j = reveal(JSON.parse(r.job)) as Omit<
      RenderJob,
      'issuedAt' | 'validFrom' | 'validUntil' | 'key'
    > & {
      issuedAt: string;
      validFrom: string;
      validUntil: string | null;
      key: RenderJob['key'] | null;
    };
    return {
      ...j,
      issuedAt: new Date(j.issuedAt),
      validFrom: new Date(j.validFrom),
      validUntil: j.validUntil === null ? null : new Date(j.validUntil),
      key: j.key ?? undefined,
    };
  });
}

/** The PDFs of claimed licences are stored: done, all of a batch in one statement on the driver (issue 22). */
export async function markRendered(
  raw: RawExecutor,
  done: ReadonlyArray<{ identifier: string; key: string; sha256: string }>,
): Promise<void> {
  if (done.length === 0) return;
  await raw.$executeRawUnsafe(
    `UPDATE "licence" l SET "render_status" = 'done', "pdf_key" = d.key, "pdf_sha256" = d.sha256, "render_error" = NULL,
            "render_claimed_until" = NULL
       FROM unnest($1::text[], $2::text[], $3::text[]) AS d(identifier, key, sha256)
      WHERE l."identifier" = d.identifier`,
    done.map((d) => d.identifier),
    done.map((d) => d.key),
    done.map((d) => d.sha256),
  );
}

export async function markRenderFailed(
  db: LicenceDb,
  identifier: string,
  error: string,
  retryAt: Date,
): Promise<void> {
  await db.licence.update({
    where: { identifier },
    data: { renderError: error.slice(0, 2000), renderClaimedUntil: retryAt },
  });
}
