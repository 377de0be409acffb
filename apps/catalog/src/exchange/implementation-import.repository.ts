import type { RawExecutor } from '@hall/messaging';
import type { DeclaredLocked, ImplementationInput, ImplementationSnapshot } from '@hall/contracts';
import type { CatalogDb, CatalogTx } from '../catalog.store.js';
import type { Implementation } from '../generated/prisma/client.js';

/*
 * The bulk import's statements. Raw SQL on the database's own driver (`CatalogStore.bulkTransaction`), on
 * purpose: a chunk of 500 implementations is written with one statement per table, its rows passed as ONE
 * JSON parameter and unpacked by `jsonb_to_recordset` (upserts with `ON CONFLICT`); through Prisma the same
 * chunk costs hundreds of statements and ~10× the parameter copying.
 */

/** What the import compares a row with: the stored implementation's state. */
export interface StoredImplementationState {
  code: string;
  status: string;
  currentVersion: number;
  publishedHash: string | null;
  draftHash: string;
  declared: unknown;
}

/** One implementation row as the bulk upsert writes it (snake_case: the JSON is read by jsonb_to_recordset). */
export interface ImplementationRowWrite {
  code: string;
  base_code: string;
  level: string;
  region_code: string;
  body_uscc: string;
  department_code: string;
  draft: ImplementationInput;
  draft_hash: string;
  declared: DeclaredLocked | null;
  status: string;
  current_version: number;
  published_hash: string | null;
}

/** One published version as the bulk insert writes it. */
export interface VersionWrite {
  code: string;
  version: number;
  snapshot: ImplementationSnapshot;
  hash: string;
}

/** One search entry as the bulk upsert writes it (snake_case columns, without `published_at`). */
export type SearchEntryWrite = Record<string, unknown>;

/** One dictionary term (name, body, theme) of the search. */
export interface SearchTermWrite {
  term: string;
  kind: string;
  searchText: string;
}

/** The stored state of the implementations among `codes`, read in one query. */
export async function storedImplementationStates(
  tx: RawExecutor,
  codes: readonly string[],
): Promise<Map<string, StoredImplementationState>> {
  const rows = await tx.$queryRawUnsafe<StoredImplementationState[]>(
    `SELECT code, status, current_version AS "currentVersion", published_hash AS "publishedHash", draft_hash AS "draftHash", declared
     FROM implementation WHERE code = ANY($1::text[])`,
    codes,
  );
  return new Map(rows.map((i) => [i.code, i]));
}

/** Inserts or replaces implementation rows (draft, declared elements, publication state). */
export async function upsertImplementationRows(
  tx: RawExecutor,
  writes: readonly ImplementationRowWrite[],
): Promise<void> {
  if (writes.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO implementation (code, base_code, level, region_code, body_uscc, department_code, status, draft, draft_hash,
                                 published_hash, current_version, declared, updated_at)
     SELECT x.code, x.base_code, x.level, x.region_code, x.body_uscc, x.department_code, x.status, x.draft, x.draft_hash,
            x.published_hash, x.current_version, x.declared, now()
       FROM jsonb_to_recordset($1::jsonb) AS x(code text, base_code text, level text, region_code text, body_uscc text, department_code text,
            status text, draft jsonb, draft_hash text, published_hash text, current_version int, declared jsonb)
     ON CONFLICT (code) DO UPDATE SET department_code = EXCLUDED.department_code, status = EXCLUDED.status, draft = EXCLUDED.draft,
            draft_hash = EXCLUDED.draft_hash, published_hash = EXCLUDED.published_hash, current_version = EXCLUDED.current_version,
            declared = EXCLUDED.declared, updated_at = now()`,
    JSON.stringify(writes),
  );
}

/** Inserts immutable published versions, all published at `publishedAt` by `actor`. */
export async function insertPublishedVersions(
  tx: RawExecutor,
  versions: readonly VersionWrite[],
  publishedAt: Date,
  actor: string,
): Promise<void> {
  if (versions.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO implementation_version (code, version, snapshot, hash, published_at, published_by)
     SELECT x.code, x.version, x.snapshot, x.hash, $2::timestamptz, $3
       FROM jsonb_to_recordset($1::jsonb) AS x(code text, version int, snapshot jsonb, hash text)`,
    JSON.stringify(versions),
    publishedAt.toISOString(),
    actor,
  );
}

/** Inserts or replaces the search entries of newly published versions. */
export async function upsertSearchEntries(
  tx: RawExecutor,
  entries: readonly SearchEntryWrite[],
  publishedAt: Date,
): Promise<void> {
  if (entries.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO search_entry (code, version, name, search_text, base_code, type, level, region_code, department_code, body_name,
                               audiences, themes, online, case_type, promised_days, rank, published_at)
     SELECT x.code, x.version, x.name, x.search_text, x.base_code, x.type, x.level, x.region_code, x.department_code, x.body_name,
            x.audiences, x.themes, x.online, x.case_type, x.promised_days, x.rank, $2::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS x(code text, version int, name text, search_text text, base_code text, type text, level text,
            region_code text, department_code text, body_name text, audiences text[], themes text[], online boolean, case_type text,
            promised_days int, rank int)
     ON CONFLICT (code) DO UPDATE SET version = EXCLUDED.version, name = EXCLUDED.name, search_text = EXCLUDED.search_text,
            base_code = EXCLUDED.base_code, type = EXCLUDED.type, level = EXCLUDED.level, region_code = EXCLUDED.region_code,
            department_code = EXCLUDED.department_code, body_name = EXCLUDED.body_name, audiences = EXCLUDED.audiences,
            themes = EXCLUDED.themes, online = EXCLUDED.online, case_type = EXCLUDED.case_type, promised_days = EXCLUDED.promised_days,
            rank = EXCLUDED.rank, published_at = EXCLUDED.published_at`,
    JSON.stringify(entries),
    publishedAt.toISOString(),
  );
}

/** Adds dictionary terms of the search (those already there are kept). */
export async function addSearchTerms(tx: RawExecutor, terms: readonly SearchTermWrite[]): Promise<void> {
  await tx.$executeRawUnsafe(
    'INSERT INTO search_term (term, kind, search_text) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING',
    terms.map((x) => x.term),
    terms.map((x) => x.kind),
    terms.map((x) => x.searchText),
  );
}

/** Whether an implementation of this identity (base item, level, region, body) is already stored. */
export async function implementationExistsAt(
  tx: CatalogTx,
  identity: { baseCode: string; level: string; regionCode: string; bodyUscc: string },
): Promise<boolean> {
  return (await tx.implementation.count({ where: identity })) > 0;
}

/** Every implementation, by code (the export). */
export function allImplementations(db: CatalogDb): Promise<Implementation[]> {
  return db.implementation.findMany({ orderBy: { code: 'asc' } });
}
