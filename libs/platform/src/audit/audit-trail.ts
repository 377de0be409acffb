import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { RawExecutor, TransactionRunner } from '@hall/messaging';

/**
 * The audit trail (审计日志, GB/T 22239-2019 8.1.4.3 / ASVS V16): one row per state change and per read of
 * personal data — time, user, roles, action, object, outcome, client IP, trace id — in the service's own
 * database. Rows are hash-chained (each row's hash covers the previous row's hash and its own fields), so a
 * changed, removed or inserted row breaks the chain at that point; triggers refuse UPDATE, DELETE and TRUNCATE
 * for every database role of the application (only the retention purge may delete rows older than the
 * retention period, which cannot be set below 180 days: 网络安全法 art. 21 keeps network logs ≥ 6 months).
 */

/** Prisma model every service schema declares verbatim (checked by audit-schema.spec.ts). */
export const AUDIT_PRISMA_MODEL = `/// Append-only audit trail (libs/platform audit): one row per state change and per read of personal data,
/// hash-chained; triggers refuse UPDATE, DELETE and TRUNCATE (the retention purge excepted).
model AuditLog {
  id         BigInt   @id @default(autoincrement())
  at         DateTime @db.Timestamptz(3)
  actorId    String?  @map("actor_id")
  actorName  String?  @map("actor_name")
  roles      String
  action     String
  objectType String?  @map("object_type")
  objectId   String?  @map("object_id")
  outcome    Int
  ip         String?
  traceId    String?  @map("trace_id")
  /// Unique: two rows continuing one head would fork the chain (issue 22: no lock per audit batch).
  prevHash   String   @unique @map("prev_hash")
  hash       String

  @@index([objectType, objectId])
  @@index([at])
  @@map("audit_log")
}`;

/** Trigger DDL appended to each service's audit migration (Prisma does not model triggers). */
export const AUDIT_TRIGGERS_SQL = `-- Append-only: no role of the application may change or remove audit rows. The retention purge may delete
-- rows older than max(180, hall.audit_retention_days) days, and only with hall.audit_purge = 'on' set locally.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  keep_days integer;
BEGIN
  IF TG_OP = 'DELETE' AND coalesce(current_setting('hall.audit_purge', true), '') = 'on' THEN
    keep_days := greatest(180, coalesce(nullif(current_setting('hall.audit_retention_days', true), '')::integer, 180));
    IF OLD.at < now() - make_interval(days => keep_days) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = '42501';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
`;

/** Minimum and default retention in days. */
export const AUDIT_MIN_RETENTION_DAYS = 180;

/** The chain's anchor: the prev_hash of the first row ever written. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** One audited action, as the interceptor (or a service) records it. */
export interface AuditEntry {
  at: Date;
  actorId?: string | undefined;
  actorName?: string | undefined;
  roles: readonly string[];
  /** e.g. `POST /api/intake/applications/:no/accept` */
  action: string;
  objectType?: string | undefined;
  objectId?: string | undefined;
  /** HTTP status (or 0 when the request never completed). */
  outcome: number;
  ip?: string | undefined;
  traceId?: string | undefined;
}

export interface AuditRow extends AuditEntry {
  id: string;
  prevHash: string;
  hash: string;
}

export type AuditVerification =
  | { intact: true; rows: number; lastHash: string; anchors?: AnchorCheck }
  | {
      intact: false;
      rows: number;
      brokenAt: string;
      reason: 'prev-hash-mismatch' | 'hash-mismatch' | 'anchor-missing' | 'anchor-mismatch';
      anchors?: AnchorCheck;
    };

/**
 * A published chain head (锚点): the id and hash of the newest row at some moment, with that row's time. The
 * service logs one every few minutes (structured log line `audit anchor`), so copies live outside its database —
 * in the log store, in a report, with an auditor. A chain rebuilt from scratch by someone who can write the
 * database (triggers disabled, rows rewritten and re-hashed) verifies as intact on its own; it fails against an
 * anchor recorded before the rewrite.
 */
export interface AuditAnchor {
  id: string;
  hash: string;
  at: string;
}

/** How the anchors given to verify() fared: matched, or older than the retention period and purged. */
export interface AnchorCheck {
  checked: number;
  matched: number;
  purged: number;
}

/** The hashed form of an entry: fixed field order, ISO time with milliseconds, absent fields as null. */
export function auditEntryHash(prevHash: string, e: AuditEntry): string {
  return hashFields(prevHash, auditFields(e));
}

/**
 * An entry's stored fields in column order (`at` … `trace_id`): the ISO time (whole milliseconds, as
 * `timestamptz(3)` keeps it), roles joined by commas, absent fields as null. Both the hash and the INSERT's
 * parameters are made from it (one conversion per entry).
 */
type AuditFields = [
  at: string,
  actorId: string | null,
  actorName: string | null,
  roles: string,
  action: string,
  objectType: string | null,
  objectId: string | null,
  outcome: number,
  ip: string | null,
  traceId: string | null,
];

function auditFields(e: AuditEntry): AuditFields {
  return [
    e.at.toISOString(),
    e.actorId ?? null,
    e.actorName ?? null,
    e.roles.join(','),
    e.action,
    e.objectType ?? null,
    e.objectId ?? null,
    e.outcome,
    e.ip ?? null,
    e.traceId ?? null,
  ];
}

function hashFields(prevHash: string, fields: AuditFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(JSON.stringify(fields)).digest('hex');
}

/** How often one batch is tried when other writers keep moving the head (each try is one statement). */
const AUDIT_APPEND_ATTEMPTS = 20;

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  return e?.code === '23505' || (typeof e?.message === 'string' && /audit_log_prev_hash_key/.test(e.message));
}

interface DbRow {
  id: bigint | number | string;
  at: Date | string;
  actor_id: string | null;
  actor_name: string | null;
  roles: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: number;
  ip: string | null;
  trace_id: string | null;
  prev_hash: string;
  hash: string;
}

/** The newest row's hash (the genesis hash for an empty trail). */
async function readHeadOn(db: RawExecutor): Promise<string> {
  const last = await db.$queryRawUnsafe<{ hash: string }[]>(
    'SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1',
  );
  return last[0]?.hash ?? AUDIT_GENESIS_HASH;
}

function fromDb(r: DbRow): AuditRow {
  return {
    id: String(r.id),
    at: new Date(r.at),
    actorId: r.actor_id ?? undefined,
    actorName: r.actor_name ?? undefined,
    roles: r.roles === '' ? [] : r.roles.split(','),
    action: r.action,
    objectType: r.object_type ?? undefined,
    objectId: r.object_id ?? undefined,
    outcome: Number(r.outcome),
    ip: r.ip ?? undefined,
    traceId: r.trace_id ?? undefined,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Most entries one group commit writes (12 parameters each, well under PostgreSQL's 65,535). */
export const AUDIT_BATCH_MAX = 200;

interface PendingAppend {
  entry: AuditEntry;
  resolve: (row: AuditRow) => void;
  reject: (err: unknown) => void;
}

const COLUMNS =
  'id, at, actor_id, actor_name, roles, action, object_type, object_id, outcome, ip, trace_id, prev_hash, hash';

/** The parameters of an INSERT of `entries` chained from `prevHash` ($1 = the head it continues), and their hashes. */
function chainValues(
  entries: readonly AuditEntry[],
  prevHash: string,
): { values: unknown[]; hashes: string[] } {
  const values: unknown[] = [prevHash];
  const hashes: string[] = [];
  for (const entry of entries) {
    const fields = auditFields(entry);
    const hash = hashFields(prevHash, fields);
    values.push(...fields, prevHash, hash);
    hashes.push(hash);
    prevHash = hash;
  }
  return { values, hashes };
}

/** Statement texts by entry count and kind: they depend on nothing else, so each is built once. */
const insertStatements = new Map<string, string>();

/**
 * The INSERT of `n` entries (12 parameters each, after $1 = the head they continue), writing only when $1 is still
 * the newest row's hash. In a transaction (`inTransaction`, one entry only: a batch would keep the rows after a
 * skipped first one) a head another uncommitted row continues is skipped (`ON CONFLICT DO NOTHING`) and nothing is
 * returned (the row count says it); a group commit returns each row's id and hash.
 */
function insertSql(n: number, inTransaction: boolean): string {
  if (inTransaction && n !== 1) throw new Error('audit insert: an in-transaction insert takes one entry');
  const key = `${n}:${inTransaction}`;
  const cached = insertStatements.get(key);
  if (cached !== undefined) return cached;
  const tuples: string[] = [];
  for (let row = 0; row < n; row++) {
    const p = (i: number) => `$${2 + row * 12 + i}`;
    tuples.push(
      `(${row}, ${p(0)}::timestamptz, ${p(1)}::text, ${p(2)}::text, ${p(3)}::text, ${p(4)}::text, ` +
        `${p(5)}::text, ${p(6)}::text, ${p(7)}::integer, ${p(8)}::text, ${p(9)}::text, ${p(10)}::text, ${p(11)}::text)`,
    );
  }
  // Ids come from the sequence in the rows' order (the chain's); the rows are matched back by hash anyway.
  const sql = `INSERT INTO audit_log (at, actor_id, actor_name, roles, action, object_type, object_id, outcome, ip, trace_id, prev_hash, hash)
       SELECT v.at, v.actor_id, v.actor_name, v.roles, v.action, v.object_type, v.object_id, v.outcome, v.ip, v.trace_id, v.prev_hash, v.hash
         FROM (VALUES ${tuples.join(', ')})
           AS v(n, at, actor_id, actor_name, roles, action, object_type, object_id, outcome, ip, trace_id, prev_hash, hash)
        WHERE coalesce((SELECT l.hash FROM audit_log l ORDER BY l.id DESC LIMIT 1), '${AUDIT_GENESIS_HASH}') = $1
        ORDER BY v.n${inTransaction ? '\n       ON CONFLICT (prev_hash) DO NOTHING' : '\n       RETURNING id, hash'}`;
  // Batch sizes up to AUDIT_BATCH_MAX: a few hundred texts at most.
  insertStatements.set(key, sql);
  return sql;
}

export interface AuditQuery {
  objectType?: string | undefined;
  objectId?: string | undefined;
  actorId?: string | undefined;
  /** Rows with id greater than this (paging). */
  afterId?: string | undefined;
  limit?: number | undefined;
}

/**
 * The audit row of one state-changing request while its handler runs (set by the interceptor). The first
 * transaction of the request that commits on this trail's database, run through a runner the trail wrapped
 * ({@link AuditTrail.inTransactions}), writes the row in that transaction (issue 22: no commit of its own): the
 * change and its audit row commit together. The interceptor appends the row itself when no such transaction wrote
 * it (no transaction, or its object not known yet), and appends a second row when the request failed after that.
 */
export interface AuditScope {
  readonly trail: AuditTrail;
  /** The row as a success (`outcome` = the route's success status); the object may be set by the handler. */
  readonly entry: AuditEntry;
  /** The row was committed in a transaction of the request. */
  written: boolean;
  /** False once the handler finished: later transactions (background work started from it) write nothing. */
  open: boolean;
}

const auditScopes = new AsyncLocalStorage<AuditScope>();

/** Runs `fn` with `scope` as the current request's audit row. */
export function runInAuditScope<T>(scope: AuditScope, fn: () => T): T {
  return auditScopes.run(scope, fn);
}

/**
 * Names the object a create made (its `no` or id), so its audit row can be written in the creating transaction:
 * call it in the transaction, before it commits. No effect outside a request's audit scope, or when the route named
 * the object already.
 */
export function auditObjectCreated(objectId: string): void {
  const scope = auditScopes.getStore();
  if (scope?.open && !scope.written && scope.entry.objectId === undefined) scope.entry.objectId = objectId;
}

/** Longest group-commit linger accepted (each audited read or late row waits up to this long for its batch). */
export const AUDIT_MAX_LINGER_MS = 100;

export interface AuditTrailOptions {
  /**
   * Group commit linger (ms, default 0): an append that finds no batch being written waits this long for others
   * before its batch is written (at once when {@link AUDIT_BATCH_MAX} are waiting). Each caller still resolves only
   * once its row is committed; the linger trades that much latency for fewer statements under concurrent reads.
   */
  lingerMs?: number | undefined;
}

/** Appends, lists, verifies and purges one service's audit trail. */
export class AuditTrail {
  constructor(
    private readonly transaction: TransactionRunner<RawExecutor>,
    readonly retentionDays: number = AUDIT_MIN_RETENTION_DAYS,
    /** Statements outside a transaction (autocommit); appends use it when given (one round trip per batch). */
    private readonly direct?: RawExecutor,
    options: AuditTrailOptions = {},
  ) {
    this.lingerMs = options.lingerMs ?? 0;
    if (!(this.lingerMs >= 0 && this.lingerMs <= AUDIT_MAX_LINGER_MS)) {
      throw new RangeError(`audit linger must be 0 to ${AUDIT_MAX_LINGER_MS} ms, got ${options.lingerMs}`);
    }
    if (!Number.isInteger(retentionDays) || retentionDays < AUDIT_MIN_RETENTION_DAYS) {
      throw new RangeError(
        `audit retention must be a whole number of days ≥ ${AUDIT_MIN_RETENTION_DAYS}, got ${retentionDays}`,
      );
    }
  }

  /**
   * Appends one entry; resolves once its row is committed. Appends are group-committed: entries that arrive while
   * a batch is being written wait and go together in the next statement (one multi-row INSERT stating the chain head
   * it continues — read again only when another writer moved it —, one commit for up to {@link AUDIT_BATCH_MAX}
   * entries), so a busy service pays one audit commit per batch, not per request. The chain never forks: the
   * unique `prev_hash` refuses a second row continuing the same head, from this process or another.
   */
  append(entry: AuditEntry): Promise<AuditRow> {
    return new Promise<AuditRow>((resolve, reject) => {
      this.pending.push({ entry, resolve, reject });
      if (this.flushing) return; // the running flush takes it in its next batch
      if (this.lingerMs === 0 || this.pending.length >= AUDIT_BATCH_MAX) this.startFlush();
      else this.lingerTimer ??= setTimeout(() => this.startFlush(), this.lingerMs);
    });
  }

  /**
   * Writes every pending entry now, without lingering, and resolves once they are committed (or refused): the
   * service calls it on shutdown, after its requests finished.
   */
  async flushPending(): Promise<void> {
    if (!this.flushing && this.pending.length > 0) this.startFlush();
    await this.flushed;
  }

  private readonly pending: PendingAppend[] = [];
  /** A flush is running (it takes what arrives meanwhile); `flushed` settles when the last one started ends. */
  private flushing = false;
  private flushed: Promise<void> = Promise.resolve();
  /** See {@link AuditTrailOptions.lingerMs}. */
  private readonly lingerMs: number;
  private lingerTimer: NodeJS.Timeout | undefined;

  private startFlush(): void {
    if (this.lingerTimer !== undefined) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    this.flushed = this.flush();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        // In-transaction rows of this process that are inserted but not yet committed continue the head this batch
        // would continue too: one of the two would lose (a failed statement, the head read again, a retry). Wait
        // until those committed (without taking the turn: they hold connections the batch may need).
        await this.turn;
        const batch = this.pending.splice(0, AUDIT_BATCH_MAX);
        try {
          const rows = await this.writeBatch(batch.map((p) => p.entry));
          batch.forEach((p, i) => p.resolve(rows[i] as AuditRow));
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * The hash of the newest row as this trail last committed it (undefined: not known, read it). Another writer
   * (a second process, a purge of every row) may have moved the head since: the next batch's INSERT checks it.
   */
  private lastHash: string | undefined;

  private async writeBatch(entries: readonly AuditEntry[]): Promise<AuditRow[]> {
    // One statement, no lock (issue 22): the INSERT states the head it continues, and `prev_hash` is unique, so of
    // two writers continuing one head (two processes) one fails with a unique violation instead of forking the
    // chain. Both that and a head that moved since this trail last wrote mean: read the head again and retry.
    for (let attempt = 1; ; attempt++) {
      try {
        const rows =
          this.direct !== undefined && this.turnUsers === 0
            ? await this.insertAfterHead(this.direct, entries)
            : await this.insertInTurn(entries);
        if (rows !== undefined) {
          this.lastHash = rows[rows.length - 1]?.hash ?? this.lastHash;
          return rows;
        }
        this.lastHash = undefined;
      } catch (err) {
        this.lastHash = undefined;
        if (!isUniqueViolation(err) || attempt >= AUDIT_APPEND_ATTEMPTS) throw err;
      }
      if (attempt >= AUDIT_APPEND_ATTEMPTS)
        throw new Error(`audit append: the chain head kept moving (${attempt} attempts)`);
    }
  }

  /** Inserts `entries` after the head as this trail knows it (read on `db` when not known). */
  private async insertAfterHead(
    db: RawExecutor,
    entries: readonly AuditEntry[],
  ): Promise<AuditRow[] | undefined> {
    const prevHash = this.lastHash ?? (await readHeadOn(db));
    return this.insertBatch(db, entries, prevHash);
  }

  /**
   * A batch written while in-transaction writers of this process are at work (issue 22, hall bench: as a batch in an
   * autocommit statement and an in-transaction row continued one head, a failed INSERT and a head read for about
   * every second batch): in a transaction that takes its turn with them once it holds its connection (as they do,
   * so no one waits for a connection while holding the turn), and keeps it until it committed.
   */
  private async insertInTurn(entries: readonly AuditEntry[]): Promise<AuditRow[] | undefined> {
    let release: (() => void) | undefined;
    try {
      const rows = await this.transaction(async (tx) => {
        release = await this.takeTurn();
        return this.insertAfterHead(tx, entries);
      });
      // The head this trail knows is set before the next writer's turn.
      if (rows !== undefined) this.lastHash = rows[rows.length - 1]?.hash ?? this.lastHash;
      return rows;
    } catch (err) {
      this.lastHash = undefined;
      throw err;
    } finally {
      release?.();
    }
  }

  /**
   * Inserts `entries` chained from `prevHash`, in one statement, only when `prevHash` is still the newest row's hash
   * (the genesis hash for an empty trail); undefined when it is not (nothing written). A writer whose snapshot did
   * not yet see a concurrent one's row fails on the unique `prev_hash` instead. Returns the rows as written (their
   * ids from `RETURNING id, hash`; the other fields are the entries' own, as stored: nothing to parse back).
   */
  private async insertBatch(
    db: RawExecutor,
    entries: readonly AuditEntry[],
    prevHash: string,
  ): Promise<AuditRow[] | undefined> {
    const { values, hashes } = chainValues(entries, prevHash);
    const rows = await db.$queryRawUnsafe<{ id: bigint | number | string; hash: string }[]>(
      insertSql(entries.length, false),
      ...values,
    );
    if (rows.length === 0 && hashes.length > 0) return undefined;
    const idByHash = new Map(rows.map((r) => [r.hash, String(r.id)]));
    return entries.map((e, i) => {
      const hash = hashes[i] as string;
      const id = idByHash.get(hash);
      if (id === undefined) throw new Error('audit insert returned fewer rows than it was given');
      return {
        ...e,
        at: new Date(e.at.getTime()),
        roles: [...e.roles],
        id,
        prevHash: i === 0 ? prevHash : (hashes[i - 1] as string),
        hash,
      };
    });
  }

  /**
   * Inserts one entry in a transaction, chained from `prevHash`, when that is still the committed head; returns its
   * hash, or undefined when nothing was written: the head moved, or another uncommitted row continues it (`ON
   * CONFLICT DO NOTHING`, so the transaction is not aborted). No `RETURNING`: the row count says it.
   */
  private async insertOneIn(
    tx: RawExecutor,
    entry: AuditEntry,
    prevHash: string,
  ): Promise<string | undefined> {
    const { values, hashes } = chainValues([entry], prevHash);
    const inserted = await tx.$executeRawUnsafe(insertSql(1, true), ...values);
    return Number(inserted) === 1 ? hashes[0] : undefined;
  }

  /**
   * Wraps a transaction runner of this trail's database: in a request's {@link AuditScope} whose object is known,
   * the request's audit row is inserted as the transaction's last statement and commits with it. Writers in
   * transactions of this process take turns from that insert to their commit (no conflict, no retry between them);
   * against anything else (a group commit, another process) the insert continues the committed head only and skips
   * a head another uncommitted row continues (`ON CONFLICT DO NOTHING`, then the head is read again), so the chain
   * neither forks nor points at a row that was rolled back.
   */
  inTransactions<TTx extends RawExecutor>(run: TransactionRunner<TTx>): TransactionRunner<TTx> {
    return async <T>(fn: (tx: TTx) => Promise<T>): Promise<T> => {
      const scope = auditScopes.getStore();
      if (scope === undefined || scope.trail !== this || !scope.open || scope.written) return run(fn);
      let release: (() => void) | undefined;
      let hash: string | undefined;
      try {
        const out = await run(async (tx) => {
          const result = await fn(tx);
          if (scope.open && !scope.written && scope.entry.objectId !== undefined) {
            release = await this.takeTurn();
            hash = await this.appendIn(tx, { ...scope.entry, at: new Date() });
          }
          return result;
        });
        if (hash !== undefined) {
          this.lastHash = hash;
          scope.written = true;
        }
        return out;
      } catch (err) {
        if (hash !== undefined) this.lastHash = undefined; // rolled back: the cached head may be the row that was not
        throw err;
      } finally {
        release?.();
      }
    };
  }

  /** In-transaction writers of this process, in turn from their insert to their commit or rollback. */
  private turn: Promise<void> = Promise.resolve();

  /** Writers holding or waiting for the turn (a group commit takes it too when there are any). */
  private turnUsers = 0;

  private async takeTurn(): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const before = this.turn;
    this.turn = before.then(() => mine);
    this.turnUsers += 1;
    await before;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.turnUsers -= 1;
      release();
    };
  }

  /** Inserts one entry in `tx`, continuing the committed head (read again when it moved); returns its hash. */
  private async appendIn(tx: RawExecutor, entry: AuditEntry): Promise<string> {
    let prevHash = this.lastHash;
    for (let attempt = 1; attempt <= AUDIT_APPEND_ATTEMPTS; attempt++) {
      prevHash ??= await readHeadOn(tx);
      const hash = await this.insertOneIn(tx, entry, prevHash);
      if (hash !== undefined) return hash;
      prevHash = undefined;
    }
    throw new Error(`audit append: the chain head kept moving (${AUDIT_APPEND_ATTEMPTS} attempts)`);
  }

  /** Newest last; filtered by object or actor; at most 500 per page. */
  list(q: AuditQuery = {}): Promise<AuditRow[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      values.push(v);
      where.push(sql.replace('?', `$${values.length}`));
    };
    if (q.objectType) add('object_type = ?', q.objectType);
    if (q.objectId) add('object_id = ?', q.objectId);
    if (q.actorId) add('actor_id = ?', q.actorId);
    if (q.afterId) add('id > ?::bigint', q.afterId);
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 500);
    return this.transaction(async (tx) =>
      (
        await tx.$queryRawUnsafe<DbRow[]>(
          `SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ${limit}`,
          ...values,
        )
      ).map(fromDb),
    );
  }

  /** The newest row as an anchor (undefined while the trail is empty). */
  head(): Promise<AuditAnchor | undefined> {
    return this.transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<DbRow[]>(
        `SELECT ${COLUMNS} FROM audit_log ORDER BY id DESC LIMIT 1`,
      );
      const row = rows[0];
      return row ? { id: String(row.id), hash: row.hash, at: new Date(row.at).toISOString() } : undefined;
    });
  }

  /**
   * Recomputes the chain in id order (see below), then checks each given anchor: its row must still be there with
   * the same hash, unless it is older than the retention period and was purged.
   */
  async verify(anchors: readonly AuditAnchor[] = []): Promise<AuditVerification> {
    const chain = await this.verifyChain();
    if (anchors.length === 0) return chain;
    const check: AnchorCheck = { checked: anchors.length, matched: 0, purged: 0 };
    const retentionStart = Date.now() - this.retentionDays * 86_400_000;
    const found = await this.transaction(async (tx) =>
      tx.$queryRawUnsafe<{ id: bigint | number | string; hash: string }[]>(
        'SELECT id, hash FROM audit_log WHERE id = ANY($1::bigint[])',
        anchors.map((a) => a.id),
      ),
    );
    const byId = new Map(found.map((r) => [String(r.id), r.hash]));
    for (const a of [...anchors].sort((x, y) => (BigInt(x.id) < BigInt(y.id) ? -1 : 1))) {
      const hash = byId.get(a.id);
      if (hash === undefined) {
        if (Date.parse(a.at) < retentionStart) {
          check.purged += 1;
          continue;
        }
        return { intact: false, rows: chain.rows, brokenAt: a.id, reason: 'anchor-missing', anchors: check };
      }
      if (hash !== a.hash)
        return { intact: false, rows: chain.rows, brokenAt: a.id, reason: 'anchor-mismatch', anchors: check };
      check.matched += 1;
    }
    return { ...chain, anchors: check };
  }

  /**
   * Recomputes the chain in id order. The first remaining row's prev_hash is the starting point (the genesis hash,
   * or after a retention purge the hash of the last purged row).
   */
  private verifyChain(): Promise<AuditVerification> {
    return this.transaction(async (tx) => {
      let prev: string | undefined;
      let count = 0;
      let afterId = '0';
      for (;;) {
        const page = (
          await tx.$queryRawUnsafe<DbRow[]>(
            `SELECT ${COLUMNS} FROM audit_log WHERE id > $1::bigint ORDER BY id LIMIT 1000`,
            afterId,
          )
        ).map(fromDb);
        if (page.length === 0) break;
        for (const row of page) {
          count += 1;
          if (prev !== undefined && row.prevHash !== prev)
            return { intact: false, rows: count, brokenAt: row.id, reason: 'prev-hash-mismatch' };
          if (auditEntryHash(row.prevHash, row) !== row.hash)
            return { intact: false, rows: count, brokenAt: row.id, reason: 'hash-mismatch' };
          prev = row.hash;
        }
        afterId = page[page.length - 1]?.id ?? afterId;
      }
      return { intact: true, rows: count, lastHash: prev ?? AUDIT_GENESIS_HASH };
    });
  }

  /** Deletes rows older than the retention period (the trigger refuses anything younger). Returns the count. */
  purgeExpired(): Promise<number> {
    return this.transaction(async (tx) => {
      await tx.$queryRawUnsafe(
        `SELECT set_config('hall.audit_purge', 'on', true), set_config('hall.audit_retention_days', $1, true)`,
        String(this.retentionDays),
      );
      return tx.$executeRawUnsafe(
        `DELETE FROM audit_log WHERE at < now() - make_interval(days => $1::integer)`,
        this.retentionDays,
      );
    });
  }
}

const trails = new WeakMap<object, AuditTrail>();

/** The service store registers its trail under its runtime; the app bootstrap picks it up for the interceptor. */
export function registerAuditTrail(runtime: object, trail: AuditTrail): void {
  trails.set(runtime, trail);
}

export function auditTrailOf(runtime: object): AuditTrail | undefined {
  return trails.get(runtime);
}
