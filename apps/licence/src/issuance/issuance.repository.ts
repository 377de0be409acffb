import type { LicenceRawTx } from '../licence.store.js';

/** A licence type (证照类型) row as the issuance reads it. */
export interface IssuanceTypeRow {
  code: string;
  name: string;
  issuerName: string;
  issuerUscc: string;
  departmentCode: string;
  validityMonths: number;
  fields: unknown;
  template: string;
  implementationCode: string;
  implementationVersion: number;
}

/** An active signing key of an issuer, its private half still sealed. */
export interface ActiveKeyRow {
  kid: string;
  issuerUscc: string;
  publicKey: string;
  privateKeyEnc: string;
}

/** What issuing the licences of one decision reads before it writes (see `issuanceContext`). */
export interface IssuanceContext {
  /** 业务办理项 of the implementation (new/change/renew/cancel), when its snapshot said. */
  handlingKind: string | undefined;
  /** The licences of the application already issued, by type code (a re-sent decision issues nothing twice). */
  issued: Map<string, { fields: unknown }>;
  /** Licence types by `typeKey(code, issuerUscc)`. */
  types: Map<string, IssuanceTypeRow>;
  /** The active keys of the issuers, newest first, locked FOR SHARE until the transaction ends. */
  keys: ActiveKeyRow[];
}

export const typeKey = (code: string, issuerUscc: string): string => `${code}\u0000${issuerUscc}`;

/**
 * Everything the issuance of one decision reads, in one statement (issue 22: it was one read per licence and
 * table): the implementation's handling kind, the licences of the application already issued for the types named,
 * the licence types (type code + issuing body) and the issuers' active signing keys. The keys are read FOR SHARE:
 * a revocation (which locks its key FOR UPDATE and then marks the licences it signed) waits until these licences are
 * committed, and a revocation or rotation that committed first is seen (an active key that is no longer active is
 * skipped once its lock is granted).
 */
export async function issuanceContext(
  tx: LicenceRawTx,
  q: {
    implementationCode: string;
    applicationNo: string;
    types: ReadonlyArray<{ code: string; issuerUscc: string }>;
  },
): Promise<IssuanceContext> {
  const rows = await tx.$queryRawUnsafe<Array<{ context: string }>>(
    `WITH keys AS MATERIALIZED (
       SELECT "kid", "issuer_uscc", "public_key", "private_key_enc", "created_at" FROM "signing_key"
        WHERE "issuer_uscc" = ANY($5::text[]) AND "status" = 'active'
        FOR SHARE)
     SELECT json_build_object(
       'handlingKind', (SELECT i."handling_kind" FROM "licence_implementation" i WHERE i."implementation_code" = $1),
       'issued', (SELECT coalesce(json_agg(json_build_object('typeCode', l."type_code", 'fields', l."fields")), '[]'::json)
                    FROM "licence" l WHERE l."application_no" = $2 AND l."type_code" = ANY($3::text[])),
       'types', (SELECT coalesce(json_agg(json_build_object(
                    'code', t."code", 'name', t."name", 'issuerName', t."issuer_name", 'issuerUscc', t."issuer_uscc",
                    'departmentCode', t."department_code", 'validityMonths', t."validity_months", 'fields', t."fields",
                    'template', t."template", 'implementationCode', t."implementation_code",
                    'implementationVersion', t."implementation_version")), '[]'::json)
                   FROM "licence_type" t JOIN unnest($3::text[], $4::text[]) AS p(code, issuer)
                     ON t."code" = p.code AND t."issuer_uscc" = p.issuer),
       'keys', (SELECT coalesce(json_agg(json_build_object(
                   'kid', k."kid", 'issuerUscc', k."issuer_uscc", 'publicKey', k."public_key",
                   'privateKeyEnc', k."private_key_enc") ORDER BY k."created_at" DESC, k."kid"), '[]'::json)
                  FROM keys k)
     )::text AS context`,
    q.implementationCode,
    q.applicationNo,
    q.types.map((t) => t.code),
    q.types.map((t) => t.issuerUscc),
    [...new Set(q.types.map((t) => t.issuerUscc))],
  );
  const parsed = JSON.parse(rows[0]?.context ?? '{}') as {
    handlingKind?: string | null;
    issued?: Array<{ typeCode: string; fields: unknown }>;
    types?: IssuanceTypeRow[];
    keys?: ActiveKeyRow[];
  };
  return {
    handlingKind: parsed.handlingKind ?? undefined,
    issued: new Map((parsed.issued ?? []).map((l) => [l.typeCode, { fields: l.fields }])),
    types: new Map((parsed.types ?? []).map((t) => [typeKey(t.code, t.issuerUscc), t])),
    keys: parsed.keys ?? [],
  };
}
