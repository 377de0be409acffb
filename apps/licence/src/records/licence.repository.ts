import type { LicenceStatus } from '@hall/contracts';
import type { Licence, Prisma } from '../generated/prisma/client.js';
import type { LicenceTx } from '../licence.store.js';
import type { LicenceData } from './directory-record.js';

export type LicenceRow = Licence;
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
