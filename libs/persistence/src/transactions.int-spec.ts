/**
 * Driver transactions on PostgreSQL (database.ts `pgRunner.transaction`): BEGIN is deferred to the first statement
 * and sent in the same write as it (one round trip); these are the properties that must hold whatever the path.
 * PostgreSQL tier: skipped with a printed reason where no server runs (REQUIRE_PG=1 makes that a failure).
 */
import pg from 'pg';
import { BeginWithStatement, openDatabase, type Database } from './database.js';
import { createTestDatabase, isPostgresAvailable, type TestDatabase } from './test-database.js';

const havePg = await isPostgresAvailable();
const describePg = havePg ? describe : describe.skip;

/** The texts pg.Clients (but `observer`) send while `fn` runs (what reaches the wire, BEGIN and COMMIT included). */
async function sentDuring<T>(
  observer: pg.Client,
  fn: () => Promise<T>,
): Promise<{ result: T; sent: string[] }> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const sent: string[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    if (this !== observer)
      sent.push(
        typeof q === 'string' ? q : q instanceof BeginWithStatement ? `BEGIN + ${q.text}` : String(q.text),
      );
    return original.apply(this, args);
  };
  try {
    return { result: await fn(), sent };
  } finally {
    proto.query = original;
  }
}

describePg('driver transactions on PostgreSQL', () => {
  let t: TestDatabase;
  let one: Database; // one connection: what a transaction leaves behind meets the next caller
  let other: pg.Client; // another session, to see what is committed
  beforeAll(async () => {
    t = await createTestDatabase('pg', { label: 'tx' });
    if (t.config.kind !== 'pg') throw new Error('pg expected');
    one = await openDatabase({ ...t.config, poolSize: 1 });
    await one.sql.exec('CREATE TABLE tx_t (id int PRIMARY KEY, v text)');
    other = new pg.Client({ connectionString: t.config.url });
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
    await one?.close();
    await t?.dispose();
  });
  beforeEach(() => one.sql.exec('TRUNCATE tx_t'));

  const committed = async () =>
    (await other.query<{ id: number }>('SELECT id FROM tx_t ORDER BY id')).rows.map((r) => r.id);
  /** Whether the pooled connection is back outside any transaction (its next statement autocommits). */
  const idleAfter = async () => {
    await one.sql.execute('INSERT INTO tx_t VALUES ($1, $2)', [99, 'after']);
    expect(await committed()).toContain(99);
  };

  it('sends BEGIN with the first statement, and its writes stay invisible to others until COMMIT', async () => {
    const { sent } = await sentDuring(other, () =>
      one.sql.transaction(async (tx) => {
        await tx.execute('INSERT INTO tx_t VALUES ($1, $2)', [1, 'a']);
        expect(await committed()).toEqual([]);
        await tx.execute('INSERT INTO tx_t VALUES ($1, $2)', [2, 'b']);
        expect(await committed()).toEqual([]);
        // The same transaction: its own uncommitted rows are visible to it.
        const seen = await tx.query<{ n: string }>(
          'SELECT count(*)::text AS n FROM tx_t WHERE id = ANY($1)',
          [[1, 2]],
        );
        expect(seen).toEqual([{ n: '2' }]);
      }),
    );
    expect(sent).toEqual([
      'BEGIN + INSERT INTO tx_t VALUES ($1, $2)',
      'INSERT INTO tx_t VALUES ($1, $2)',
      'SELECT count(*)::text AS n FROM tx_t WHERE id = ANY($1)',
      'COMMIT',
    ]);
    expect(await committed()).toEqual([1, 2]);
  });

  it('rolls back when the first statement fails, even if the callback goes on', async () => {
    await one.sql.execute('INSERT INTO tx_t VALUES ($1, $2)', [5, 'taken']);
    const attempt = one.sql.transaction(async (tx) => {
      await tx.execute('INSERT INTO tx_t VALUES ($1, $2)', [5, 'duplicate']).catch(() => undefined);
      // The transaction is aborted on the server: nothing more runs in it, and it cannot commit.
      await tx.execute('INSERT INTO tx_t VALUES ($1, $2)', [6, 'later']);
    });
    await expect(attempt).rejects.toMatchObject({ code: '25P02' });
    expect(await committed()).toEqual([5]);
    await idleAfter();
  });

  it('rolls back what ran when the callback throws', async () => {
    const attempt = one.sql.transaction(async (tx) => {
      await tx.execute('INSERT INTO tx_t VALUES ($1, $2)', [7, 'a']);
      await tx.execute('INSERT INTO tx_t VALUES ($1, $2)', [8, 'b']);
      throw new Error('refused');
    });
    await expect(attempt).rejects.toThrow('refused');
    expect(await committed()).toEqual([]);
    await idleAfter();
  });

  it('sends nothing for a transaction without statements, and nothing to roll back when it throws', async () => {
    const { result, sent } = await sentDuring(other, () => one.sql.transaction(async () => 'nothing'));
    expect(result).toBe('nothing');
    expect(sent).toEqual([]);
    const failed = await sentDuring(other, () =>
      one.sql
        .transaction(async () => {
          throw new Error('before any statement');
        })
        .catch((err: Error) => err.message),
    );
    expect(failed).toEqual({ result: 'before any statement', sent: [] });
  });

  it('begins alone before a statement without parameters or a script, still one transaction', async () => {
    const { sent } = await sentDuring(other, () =>
      one.sql.transaction(async (tx) => {
        await tx.exec("INSERT INTO tx_t VALUES (10, 'script')");
        await tx.query("INSERT INTO tx_t VALUES (11, 'no parameters')");
        expect(await committed()).toEqual([]);
      }),
    );
    expect(sent).toEqual([
      'BEGIN',
      "INSERT INTO tx_t VALUES (10, 'script')",
      "INSERT INTO tx_t VALUES (11, 'no parameters')",
      'COMMIT',
    ]);
    expect(await committed()).toEqual([10, 11]);
    const rolledBack = one.sql.transaction(async (tx) => {
      await tx.query("INSERT INTO tx_t VALUES (12, 'no parameters')");
      throw new Error('refused');
    });
    await expect(rolledBack).rejects.toThrow('refused');
    expect(await committed()).toEqual([10, 11]);
  });

  it('runs statements sent together in the same transaction, in order', async () => {
    await one.sql.transaction(async (tx) => {
      await Promise.all([
        tx.execute('INSERT INTO tx_t VALUES ($1, $2)', [20, 'a']),
        tx.execute('INSERT INTO tx_t VALUES ($1, $2)', [21, 'b']),
        tx.query('SELECT pg_sleep(0) WHERE $1::int > 0', [1]),
      ]);
      expect(await committed()).toEqual([]);
    });
    expect(await committed()).toEqual([20, 21]);
    const failing = one.sql.transaction(async (tx) => {
      await Promise.all([
        tx.execute('INSERT INTO tx_t VALUES ($1, $2)', [22, 'a']),
        tx.execute('INSERT INTO tx_t VALUES ($1, $2)', [20, 'duplicate']),
      ]);
    });
    await expect(failing).rejects.toMatchObject({ code: '23505' });
    expect(await committed()).toEqual([20, 21]);
  });

  it('joins an inner transaction to the outer one (one commit)', async () => {
    await expect(
      one.sql.transaction(async (tx) => {
        await tx.execute('INSERT INTO tx_t VALUES ($1, $2)', [30, 'outer']);
        await tx.transaction((inner) => inner.execute('INSERT INTO tx_t VALUES ($1, $2)', [31, 'inner']));
        expect(await committed()).toEqual([]);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await committed()).toEqual([]);
  });

  it('prepares a text that opens transactions, and falls back to unnamed when its result type changed', async () => {
    const text = 'SELECT * FROM tx_t WHERE id >= $1 ORDER BY id /* tx-first */';
    for (let i = 0; i < 3; i++) await one.sql.transaction((tx) => tx.query(text, [0]));
    const named = await one.sql.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM pg_prepared_statements WHERE statement = $1',
      [text],
    );
    expect(named).toEqual([{ n: '1' }]);
    await one.sql.execute('INSERT INTO tx_t VALUES ($1, $2)', [40, 'x']);
    await other.query('ALTER TABLE tx_t ADD COLUMN note text');
    try {
      // Inside a transaction the error stands (the transaction is aborted) and the caller's retry runs unnamed.
      await expect(one.sql.transaction((tx) => tx.query(text, [0]))).rejects.toMatchObject({ code: '0A000' });
      expect(await one.sql.transaction((tx) => tx.query(text, [0]))).toEqual([
        { id: 40, v: 'x', note: null },
      ]);
      await idleAfter();
    } finally {
      await other.query('ALTER TABLE tx_t DROP COLUMN note');
    }
  });
});

describePg('BEGIN and the first statement in one Sync', () => {
  let t: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    t = await createTestDatabase('pg', { label: 'txsync' });
    if (t.config.kind !== 'pg') throw new Error('pg expected');
    client = new pg.Client({ connectionString: t.config.url });
    await client.connect();
    await client.query('CREATE TABLE sync_t (id int PRIMARY KEY)');
  });
  afterAll(async () => {
    await client?.end();
    await t?.dispose();
  });

  const send = (query: BeginWithStatement) =>
    new Promise<pg.QueryResult>((resolve, reject) => {
      query.callback = (err, res) => (err ? reject(err) : resolve(res as pg.QueryResult));
      client.query(query as unknown as pg.Submittable);
    });

  it('answers the statement after BEGIN, inside an open transaction', async () => {
    const query = new BeginWithStatement({
      text: 'INSERT INTO sync_t VALUES ($1) RETURNING id',
      values: [1],
    });
    const res = await send(query);
    expect(query.begun).toBe(true);
    expect(res.rows).toEqual([{ id: 1 }]);
    expect(res.command).toBe('INSERT');
    expect((client as unknown as { getTransactionStatus(): string }).getTransactionStatus()).toBe('T');
    await client.query('ROLLBACK');
    expect((await client.query('SELECT count(*)::int AS n FROM sync_t')).rows).toEqual([{ n: 0 }]);
  });

  it('never runs the statement when BEGIN fails (no autocommit), and keeps its name unprepared', async () => {
    const name = 'sync_insert';
    const text = 'INSERT INTO sync_t VALUES ($1)';
    const query = new BeginWithStatement({ name, text, values: [2] }, 'BEGIN ISOLATION LEVEL no_such_level');
    await expect(send(query)).rejects.toMatchObject({ code: '42601' });
    expect(query.begun).toBe(false);
    expect((client as unknown as { getTransactionStatus(): string }).getTransactionStatus()).toBe('I');
    expect((await client.query('SELECT count(*)::int AS n FROM sync_t')).rows).toEqual([{ n: 0 }]);
    // The statement was skipped before its Parse: the name must still be parsed on its next use.
    await client.query({ name, text, values: [3] });
    expect((await client.query('SELECT id FROM sync_t')).rows).toEqual([{ id: 3 }]);
  });
});
