import type { LicenceStatus } from '@hall/contracts';
import type { Licence, Prisma } from '../generated/prisma/client.js';
import type { RawExecutor } from '@hall/messaging';
import type { LicenceDb, LicenceRawTx, LicenceTx } from '../licence.store.js';
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

/**
 * The next serials of several issuer + licence type pairs at once (`count` each), in the caller's transaction: one
 * statement for all the licences of a decision (issue 22), the rows locked in key order until commit (two decisions
 * never wait on each other crosswise). Returns the serials of each pair (key `issuer\u0000type`), ascending.
 */
export async function nextSerials(
  tx: LicenceRawTx,
  wanted: ReadonlyArray<{ issuerUscc: string; typeCode: string }>,
): Promise<Map<string, bigint[]>> {
  const out = new Map<string, bigint[]>();
  if (wanted.length === 0) return out;
  const counts = new Map<string, { issuerUscc: string; typeCode: string; count: number }>();
  for (const w of wanted) {
    const key = serialKey(w.issuerUscc, w.typeCode);
    const known = counts.get(key);
    if (known) known.count += 1;
    else counts.set(key, { ...w, count: 1 });
  }
  const pairs = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
  const rows = await tx.$queryRawUnsafe<
    Array<{ issuer_uscc: string; type_code: string; last_serial: string }>
  >(
    `INSERT INTO "licence_serial" ("issuer_uscc", "type_code", "last_serial")
     SELECT p.issuer, p.type, p.n FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS p(issuer, type, n, i)
      ORDER BY p.i
     ON CONFLICT ("issuer_uscc", "type_code") DO UPDATE SET "last_serial" = "licence_serial"."last_serial" + EXCLUDED."last_serial"
     RETURNING "issuer_uscc", "type_code", "last_serial"::text AS "last_serial"`,
    pairs.map((p) => p.issuerUscc),
    pairs.map((p) => p.typeCode),
    pairs.map((p) => p.count),
  );
  for (const r of rows) {
    const count = counts.get(serialKey(r.issuer_uscc, r.type_code))?.count ?? 0;
    const last = BigInt(r.last_serial);
    out.set(
      serialKey(r.issuer_uscc, r.type_code),
      Array.from({ length: count }, (_, i) => last - BigInt(count - 1 - i)),
    );
  }
  if (out.size !== counts.size) throw new Error('serial allocation returned nothing');
  return out;
}

/** The key of an issuer + licence type pair in `nextSerials`' answer. */
export const serialKey = (issuerUscc: string, typeCode: string): string => `${issuerUscc}\u0000${typeCode}`;

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

/** A new signed licence version as `insertLicences` writes it, its personal data sealed (`LicenceStore.seal`). */
export interface SealedLicence {
  identifier: string;
  typeCode: string;
  name: string;
  serial: string;
  version: number;
  previousIdentifier: string | null;
  issuerUscc: string;
  issuerName: string;
  departmentCode: string;
  holderKind: string;
  holderName: string;
  holderIdType: string;
  holderIdNumber: string;
  holderIdNumberBidx: string | null;
  holderUserId: string | null;
  applicationNo: string | null;
  implementationCode: string | null;
  jurisdiction: string;
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
  fields: Array<{ label: string; value: string }>;
  template: string;
  record: object;
  signature: string;
  keyId: string;
  qrPayload: string;
}

/**
 * Stores new signed licence versions (pending render), all of them in one statement (issue 22: the licences of a
 * decision). Raw SQL: the rows come sealed; the other columns take their defaults.
 */
export async function insertLicences(tx: LicenceRawTx, rows: readonly SealedLicence[]): Promise<void> {
  if (rows.length === 0) return;
  const records = rows.map((r) => ({
    identifier: r.identifier,
    type_code: r.typeCode,
    name: r.name,
    serial: r.serial,
    version: r.version,
    previous_identifier: r.previousIdentifier,
    issuer_uscc: r.issuerUscc,
    issuer_name: r.issuerName,
    department_code: r.departmentCode,
    holder_kind: r.holderKind,
    holder_name: r.holderName,
    holder_id_type: r.holderIdType,
    holder_id_number: r.holderIdNumber,
    holder_id_number_bidx: r.holderIdNumberBidx,
    holder_user_id: r.holderUserId,
    application_no: r.applicationNo,
    implementation_code: r.implementationCode,
    jurisdiction: r.jurisdiction,
    issued_at: r.issuedAt.toISOString(),
    valid_from: r.validFrom.toISOString(),
    valid_until: r.validUntil?.toISOString() ?? null,
    fields: r.fields,
    template: r.template,
    record: r.record,
    signature: r.signature,
    key_id: r.keyId,
    qr_payload: r.qrPayload,
  }));
  await tx.$executeRawUnsafe(
    `INSERT INTO "licence" ("identifier", "type_code", "name", "serial", "version", "previous_identifier",
       "issuer_uscc", "issuer_name", "department_code", "holder_kind", "holder_name", "holder_id_type",
       "holder_id_number", "holder_id_number_bidx", "holder_user_id", "application_no", "implementation_code",
       "jurisdiction", "issued_at", "valid_from", "valid_until", "fields", "template", "record", "signature", "key_id",
       "qr_payload")
     SELECT r."identifier", r."type_code", r."name", r."serial", r."version", r."previous_identifier",
       r."issuer_uscc", r."issuer_name", r."department_code", r."holder_kind", r."holder_name", r."holder_id_type",
       r."holder_id_number", r."holder_id_number_bidx", r."holder_user_id", r."application_no", r."implementation_code",
       r."jurisdiction", r."issued_at", r."valid_from", r."valid_until", r."fields", r."template", r."record",
       r."signature", r."key_id", r."qr_payload"
       FROM json_populate_recordset(NULL::"licence", $1::json) AS r`,
    JSON.stringify(records),
  );
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

/** Locks a licence row for the rest of the transaction (FOR UPDATE) and reads it. */
export async function lockLicence(tx: LicenceTx, identifier: string): Promise<LicenceRow | undefined> {
  await tx.$executeRawUnsafe('SELECT 1 FROM "licence" WHERE "identifier" = $1 FOR UPDATE', identifier);
  return (await tx.licence.findUnique({ where: { identifier } })) ?? undefined;
}

const LICENCE_DATES = new Set([
  'issuedAt',
  'validFrom',
  'validUntil',
  'statusChangedAt',
  'renderClaimedUntil',
  'createdAt',
]);

/** A `licence` row as `row_to_json` gives it, in the client's shape (camel case, dates); personal data still sealed. */
function licenceRowOfJson(json: Record<string, unknown>): LicenceRow {
  const row: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(json)) {
    const field = column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    row[field] = LICENCE_DATES.has(field) && typeof value === 'string' ? new Date(value) : value;
  }
  return row as unknown as LicenceRow;
}

/**
 * `lockLicence` in one raw statement (the issuance consumer's transaction, on the driver): locks the row until the
 * transaction ends and reads it, its personal data opened by `reveal`.
 */
export async function lockLicenceRow(
  tx: LicenceRawTx,
  identifier: string,
  reveal: (value: unknown) => unknown,
): Promise<LicenceRow | undefined> {
  const rows = await tx.$queryRawUnsafe<Array<{ row: string }>>(
    'SELECT row_to_json(l)::text AS "row" FROM "licence" l WHERE l."identifier" = $1 FOR UPDATE',
    identifier,
  );
  const found = rows[0];
  return found ? licenceRowOfJson(reveal(JSON.parse(found.row)) as Record<string, unknown>) : undefined;
}

/**
 * `heldLicenceIdentifiers` on the driver: the holder found by the blind index of its code (what the client's
 * extension does for `holderIdNumber`).
 */
export async function heldLicenceIdentifiersByIndex(
  tx: LicenceRawTx,
  same: { typeCode: string; issuerUscc: string; holderIdNumberBidx: string },
  statuses: readonly string[],
  take: number,
): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<Array<{ identifier: string }>>(
    `SELECT "identifier" FROM "licence"
      WHERE "type_code" = $1 AND "issuer_uscc" = $2 AND "holder_id_number_bidx" = $3 AND "status" = ANY($4::text[])
      LIMIT $5`,
    same.typeCode,
    same.issuerUscc,
    same.holderIdNumberBidx,
    [...statuses],
    take,
  );
  return rows.map((r) => r.identifier);
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

/**
 * A status change: the row and its history entry, in one raw statement (any transaction: a command's or the issuance
 * consumer's on the driver; the caller's transaction also writes the event). The caller holds the row lock.
 */
export async function moveStatus(tx: LicenceRawTx, m: StatusMove): Promise<void> {
  const changed = await tx.$executeRawUnsafe(
    `WITH moved AS (
       UPDATE "licence" SET "status" = $2, "superseded_by" = CASE WHEN $3::boolean THEN $4 ELSE "superseded_by" END,
              "status_reason" = $5, "status_changed_at" = $6::timestamptz, "status_changed_by" = $7
        WHERE "identifier" = $1
        RETURNING "identifier")
     INSERT INTO "licence_status_change" ("identifier", "from_status", "to_status", "reason", "actor_id", "actor_name", "at")
     SELECT m."identifier", $8, $2, $5, $9, $7, $6::timestamptz FROM moved m`,
    m.identifier,
    m.to,
    m.supersededBy !== undefined,
    m.supersededBy ?? null,
    m.reason,
    m.at.toISOString(),
    m.actor.name,
    m.from,
    m.actor.userId,
  );
  if (changed !== 1) throw new Error(`licence ${m.identifier} not found for a status change`);
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
