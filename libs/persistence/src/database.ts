import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client';
import { applyMigrations, type ApplyResult } from './migrations.js';
import { discardPristineCluster, PGLITE_SETTINGS, pristineCluster } from './pglite-cluster.js';

/** Where a service's data lives: PostgreSQL (production, tests) or PGlite (embedded, tests). */
export type DatabaseConfig =
  | {
      kind: 'pg';
      url: string;
      poolSize?: number;
      /** Bound on getting a connection (ms; default 5000): an unreachable server fails fast instead of hanging. */
      connectTimeoutMs?: number;
      /** Server-side `statement_timeout` and client-side query timeout (ms); unset = unbounded. */
      statementTimeoutMs?: number;
      /**
       * Named (prepared) statements for repeated texts (default true). Off behind a pooler that hands each
       * transaction another server connection (PgBouncer's transaction mode before 1.21).
       */
      preparedStatements?: boolean;
    }
  | { kind: 'pglite'; dataDir?: string };

/** Raw SQL access beside Prisma: multi-statement scripts (migrations) and parameterised queries. */
export interface SqlRunner {
  /** Runs a script of one or more statements (simple query protocol, no parameters). */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs one parameterised statement and returns the number of affected rows. */
  execute(sql: string, params?: unknown[]): Promise<number>;
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

/**
 * Bounds of Prisma's interactive transactions, for every service client. Prisma's own defaults (2 s to get a
 * connection, 5 s for the whole transaction) turn a busy moment (a burst of requests on a small server, a migration
 * holding the pool) into a 500 on an ordinary write; statements stay bounded by `statementTimeoutMs` and the pool by
 * `connectTimeoutMs`.
 */
export const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 30_000 } as const;

/** One service database: a Prisma driver adapter factory plus raw SQL over the same server. */
export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly adapter: SqlDriverAdapterFactory;
  readonly sql: SqlRunner;
  /** Applies the service's pending migrations (one connection, advisory-locked on PostgreSQL). */
  migrate(migrationsDir: string): Promise<ApplyResult>;
  /** True when the database answers a trivial query (readiness). */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Named (prepared) statements for the texts a service sends again and again: PostgreSQL parses and analyses such a
 * statement once per connection instead of on every call (its plan is cached as the server decides: custom plans
 * first, a generic one only where it is not costlier). A text is named from its second use, and at most
 * {@link PREPARED_TEXTS} texts are (dynamic texts beyond them run unnamed, so a connection's prepared statements stay
 * bounded). A statement whose result columns changed under it (a migration by a newer instance: "cached plan must
 * not change result type") runs unnamed from then on; outside a transaction the failed call is sent again unnamed,
 * inside one the error stands (the transaction is aborted) and the caller's retry goes unnamed.
 */
const PREPARED_TEXTS = 1000;
/** Per text: '' seen once, a name once prepared, null never (over the bound, or its result type changed). */
const statementNames = new Map<string, string | null>();
let preparedCount = 0;

function statementName(text: string): string | undefined {
  const known = statementNames.get(text);
  if (known) return known;
  if (known === null) return undefined;
  if (known === '') {
    const name = preparedCount < PREPARED_TEXTS ? `s${++preparedCount}` : null;
    statementNames.set(text, name);
    return name ?? undefined;
  }
  // First use: remembered (a bounded number of texts), named on the next.
  if (statementNames.size < PREPARED_TEXTS * 4) statementNames.set(text, '');
  return undefined;
}

async function runStatement(
  client: pg.Pool | pg.PoolClient,
  prepared: boolean,
  text: string,
  values: unknown[],
): Promise<pg.QueryResult> {
  const name = prepared && values.length > 0 ? statementName(text) : undefined;
  if (name === undefined) return client.query(text, values);
  try {
    return await client.query({ name, text, values });
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code !== '0A000' || !e.message?.includes('cached plan')) throw err;
    statementNames.set(text, null);
    // On the pool the statement ran alone: send it again. A checked-out client may be in a transaction, now aborted.
    if ('release' in client) throw err;
    return client.query(text, values);
  }
}

/** What `pg`'s Query offers its subclasses (not in its type declarations). */
interface QueryInternals {
  name?: string;
  text: string;
  values?: unknown[];
  callback?: (err: Error | null, res?: pg.QueryResult) => void;
  prepare(connection: PgConnection): void;
  handleCommandComplete(msg: unknown, connection: PgConnection): void;
  handleError(err: Error, connection: PgConnection): void;
  submit(connection: PgConnection): Error | null;
}
interface PgConnection {
  stream: { cork?: () => void; uncork?: () => void };
  parsedStatements: Record<string, string | undefined>;
  parse(query: { text: string; name?: string }): void;
  bind(config: Record<string, never>): void;
  execute(config: Record<string, never>): void;
}
const QueryBase = pg.Query as unknown as new (config: pg.QueryConfig) => QueryInternals;

/**
 * A transaction's first statement with its BEGIN in front, in one socket write and one round trip: BEGIN's Parse,
 * Bind and Execute (extended protocol, unnamed statement and portal), then the statement's own Parse (unless
 * prepared on this connection), Bind, Describe and Execute, and one Sync for both. Within one Sync the server
 * skips every message after an error until the Sync, so the statement runs only after BEGIN succeeded: it never
 * runs autocommitted. BEGIN's CommandComplete is taken here (`begun`) and the statement's results are the
 * query's, as for any statement.
 */
export class BeginWithStatement extends QueryBase {
  /** BEGIN completed on the server (its CommandComplete arrived). */
  begun = false;
  /** Tells instrumentation (the hall bench's statement counter) that this query sends BEGIN before its text. */
  readonly beginsTransaction = true;

  constructor(
    config: pg.QueryConfig,
    /** The statement that opens the transaction (another text only in tests: one that fails). */
    private readonly begin = 'BEGIN',
  ) {
    super(config);
  }
  /**
   * The statement's name, hidden from `pg` until BEGIN completed: `pg` records the active query's name as prepared
   * on every ParseComplete, and the first one is BEGIN's.
   */
  private statement: string | undefined;

  override submit(connection: PgConnection): Error | null {
    if (this.values !== undefined && !Array.isArray(this.values))
      return new Error('Query values must be an array');
    const previous = this.name === undefined ? undefined : connection.parsedStatements[this.name];
    if (previous !== undefined && previous !== this.text)
      return new Error(`statement ${this.name} changed text`);
    connection.stream.cork?.();
    try {
      connection.parse({ text: this.begin });
      connection.bind({});
      connection.execute({});
      // The statement's messages and the Sync (a value that cannot be serialised fails this query at once, yet
      // BEGIN runs: see `beginWith`).
      this.prepare(connection);
    } finally {
      connection.stream.uncork?.();
    }
    this.statement = this.name;
    this.name = undefined;
    return null;
  }

  override handleCommandComplete(msg: unknown, connection: PgConnection): void {
    if (!this.begun) {
      this.begun = true;
      this.name = this.statement;
      return;
    }
    super.handleCommandComplete(msg, connection);
  }

  override handleError(
    err: Error,
    connection: PgConnection & { submittedNamedStatements: Record<string, string> },
  ): void {
    // BEGIN failed: the server skipped the statement's Parse, so its name is not prepared on this connection.
    if (!this.begun && this.statement !== undefined)
      delete connection.submittedNamedStatements[this.statement];
    super.handleError(err, connection);
  }
}

/**
 * Where a driver transaction stands. BEGIN is deferred to the first statement: sent with it when that statement
 * has parameters (one write, one round trip: {@link BeginWithStatement}), alone before it otherwise (a script, a
 * statement without parameters: the simple protocol, as before). A transaction that sends no statement sends no
 * BEGIN, COMMIT or ROLLBACK at all.
 */
interface TransactionState {
  phase: 'deferred' | 'starting' | 'open' | 'failed';
  /** While starting: settles once BEGIN's outcome is known (statements sent meanwhile wait for it). */
  started?: Promise<void>;
  /** Why BEGIN failed (or may have): every later statement and the commit fail with it. */
  error?: unknown;
}

function notBegun(state: TransactionState): Error {
  return new Error('transaction did not begin', { cause: state.error });
}

function txRunner(conn: pg.PoolClient, prepared: boolean, state: TransactionState): SqlRunner {
  /** Ensures BEGIN was sent alone (for a script or a statement that cannot carry it). */
  const begin = async () => {
    if (state.phase === 'deferred') {
      state.phase = 'starting';
      const started = conn.query('BEGIN').then(
        () => {
          state.phase = 'open';
        },
        (err: unknown) => {
          state.phase = 'failed';
          state.error = err;
        },
      );
      state.started = started;
    }
    if (state.phase === 'starting') await state.started;
    if (state.phase === 'failed') throw notBegun(state);
  };
  const statement = async (text: string, values: unknown[]): Promise<pg.QueryResult> => {
    if (state.phase === 'open') return runStatement(conn, prepared, text, values);
    if (state.phase === 'deferred' && values.length > 0) return beginWith(text, values);
    await begin();
    return runStatement(conn, prepared, text, values);
  };
  const beginWith = (text: string, values: unknown[]): Promise<pg.QueryResult> => {
    const name = prepared ? statementName(text) : undefined;
    const query = new BeginWithStatement({ text, values, ...(name !== undefined && { name }) });
    state.phase = 'starting';
    const result = new Promise<pg.QueryResult>((resolve, reject) => {
      let settled = false;
      query.callback = (err, res) => {
        // `pg` may call back twice (a value that cannot be serialised fails the query before the server answers).
        if (settled) return;
        settled = true;
        if (query.begun) {
          state.phase = 'open';
        } else {
          // BEGIN failed (the statement was skipped), or the query failed before BEGIN's answer: this transaction
          // cannot be known to be open, so nothing more runs in it (ROLLBACK is still sent).
          state.phase = 'failed';
          state.error = err;
        }
        if (err) {
          const e = err as { code?: string; message?: string };
          // As in runStatement: a named statement whose result type changed runs unnamed from now on.
          if (name !== undefined && e.code === '0A000' && e.message?.includes('cached plan')) {
            statementNames.set(text, null);
          }
          reject(err);
        } else {
          resolve(res as pg.QueryResult);
        }
      };
    });
    state.started = result.then(
      () => undefined,
      () => undefined,
    );
    conn.query(query as unknown as pg.Submittable);
    return result;
  };
  const runner: SqlRunner = {
    async exec(sql) {
      await begin();
      await conn.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await statement(sql, params);
      return res.rows as T[];
    },
    async execute(sql: string, params: unknown[] = []) {
      const res = await statement(sql, params);
      return res.rowCount ?? 0;
    },
    // A transaction inside a transaction joins it (same connection, one commit).
    transaction<T>(fn: (tx: SqlRunner) => Promise<T>) {
      return fn(runner);
    },
  };
  return runner;
}

function pgRunner(client: pg.Pool | pg.PoolClient, prepared: boolean): SqlRunner {
  return {
    async exec(sql) {
      await client.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await runStatement(client, prepared, sql, params);
      return res.rows as T[];
    },
    async execute(sql: string, params: unknown[] = []) {
      const res = await runStatement(client, prepared, sql, params);
      return res.rowCount ?? 0;
    },
    async transaction<T>(fn: (tx: SqlRunner) => Promise<T>) {
      const conn = 'release' in client ? client : await client.connect();
      const owned = conn !== client;
      const state: TransactionState = { phase: 'deferred' };
      try {
        const result = await fn(txRunner(conn, prepared, state));
        if (state.phase === 'starting') await state.started;
        if (state.phase === 'failed') throw notBegun(state);
        if (state.phase === 'open') await conn.query('COMMIT');
        return result;
      } catch (err) {
        if (state.phase === 'starting') await state.started;
        // Whenever anything was sent: a failed start may still have begun (a value that could not be serialised).
        if (state.phase !== 'deferred') await conn.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        if (owned) conn.release();
      }
    },
  };
}

type PgliteLike = Pick<PGlite, 'exec' | 'query'>;

function pgliteRunner(db: PgliteLike, root: PGlite): SqlRunner {
  return {
    async exec(sql) {
      await db.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await db.query<T>(sql, params);
      return res.rows;
    },
    async execute(sql: string, params: unknown[] = []) {
      const res = await db.query(sql, params);
      return res.affectedRows ?? 0;
    },
    transaction<T>(fn: (tx: SqlRunner) => Promise<T>) {
      return root.transaction((tx) => fn(pgliteRunner(tx, root)));
    },
  };
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'pg') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize ?? 10,
      connectionTimeoutMillis: config.connectTimeoutMs ?? 5000,
      ...(config.statementTimeoutMs !== undefined && {
        statement_timeout: config.statementTimeoutMs,
        // The client gives up a little later than the server, so a reachable server reports the timeout itself.
        query_timeout: config.statementTimeoutMs + 1000,
      }),
    });
    // An idle client losing its server must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    // Nor may a checked-out client whose backend is terminated (failover, pg_terminate_backend) while it waits
    // between queries: without a listener its 'error' event would be unhandled. The query in flight (if any)
    // still rejects, and the pool discards the broken client when it is released.
    pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
    const prepared = config.preparedStatements ?? true;
    const sql = pgRunner(pool, prepared);
    return {
      kind: 'pg',
      adapter: new PrismaPg(pool),
      sql,
      async migrate(migrationsDir) {
        const conn = await pool.connect();
        try {
          return await applyMigrations(pgRunner(conn, false), migrationsDir, { usesAdvisoryLock: true });
        } finally {
          conn.release();
        }
      },
      async ping(timeoutMs = 2000) {
        try {
          await withTimeout(pool.query('SELECT 1'), timeoutMs);
          return true;
        } catch {
          return false;
        }
      },
      async close() {
        await pool.end();
      },
    };
  }
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  // Contrib extensions the services' migrations may create (same names as PostgreSQL's contrib).
  const extensions = { pg_trgm };
  const lite = await openPglite(config.dataDir, extensions);
  let closed = false;
  return {
    kind: 'pglite',
    adapter: new PrismaPGlite(lite),
    sql: pgliteRunner(lite, lite),
    migrate(migrationsDir) {
      return applyMigrations(pgliteRunner(lite, lite), migrationsDir);
    },
    async ping(timeoutMs = 2000) {
      if (closed) return false;
      try {
        await withTimeout(lite.query('SELECT 1'), timeoutMs);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await lite.close();
    },
  };
}

/**
 * Opens a PGlite cluster: an existing data directory as it is; a new one (in memory or an empty directory) from a
 * copy of the pristine cluster instead of running `initdb` again (see pglite-cluster.ts). If the cached copy
 * cannot be loaded, it is discarded and the cluster is initialised the ordinary way.
 */
async function openPglite(
  dataDir: string | undefined,
  extensions: { pg_trgm: typeof pg_trgm },
): Promise<PGlite> {
  const options = { extensions, postgresqlconf: [...PGLITE_SETTINGS] };
  // Only a new cluster starts from the copy: in memory, or a data directory that is still empty.
  const fresh =
    dataDir === undefined ||
    (!existsSync(path.join(dataDir, 'PG_VERSION')) && readdirSync(dataDir).length === 0);
  if (fresh) {
    try {
      const loadDataDir = await pristineCluster();
      const lite = dataDir
        ? new PGlite(dataDir, { ...options, loadDataDir })
        : new PGlite({ ...options, loadDataDir });
      await lite.waitReady;
      return lite;
    } catch {
      await discardPristineCluster();
      if (dataDir) {
        // Empty before this attempt: remove only what the failed load left behind.
        rmSync(dataDir, { recursive: true, force: true });
        mkdirSync(dataDir, { recursive: true });
      }
    }
  }
  const lite = dataDir ? new PGlite(dataDir, options) : new PGlite(options);
  await lite.waitReady;
  return lite;
}
