/**
 * Named statements on PostgreSQL (database.ts `runStatement`): a text sent again is prepared once per connection
 * and answers as before; a statement whose result columns change under it (another instance's migration) still
 * answers, unnamed from then on. PostgreSQL tier: skipped with a printed reason where no server runs (REQUIRE_PG=1
 * makes that a failure).
 */
import pg from 'pg';
import { openDatabase, type Database } from './database.js';
import { createTestDatabase, isPostgresAvailable, type TestDatabase } from './test-database.js';

const havePg = await isPostgresAvailable();
const describePg = havePg ? describe : describe.skip;

describePg('named statements on PostgreSQL', () => {
  let t: TestDatabase;
  let one: Database; // a pool of one connection: every call meets the same backend
  beforeAll(async () => {
    t = await createTestDatabase('pg', { label: 'prepared' });
    if (t.config.kind !== 'pg') throw new Error('pg expected');
    one = await openDatabase({ ...t.config, poolSize: 1 });
    await one.sql.exec(
      'CREATE TABLE prepared_t (id int PRIMARY KEY, v text); INSERT INTO prepared_t VALUES (1, $$一$$), (2, $$二$$);',
    );
  });
  afterAll(async () => {
    await one?.close();
    await t?.dispose();
  });

  const prepared = (text: string) =>
    one.sql.query<{ name: string }>('SELECT name FROM pg_prepared_statements WHERE statement = $1', [text]);

  it('prepares a text from its second use, once per connection, with the same answers', async () => {
    const text = 'SELECT v FROM prepared_t WHERE id = $1 /* prepared-1 */';
    expect(await one.sql.query(text, [1])).toEqual([{ v: '一' }]);
    expect(await prepared(text)).toEqual([]);
    expect(await one.sql.query(text, [2])).toEqual([{ v: '二' }]);
    expect(await one.sql.query(text, [1])).toEqual([{ v: '一' }]);
    expect(await prepared(text)).toHaveLength(1);
    expect(await one.sql.execute('UPDATE prepared_t SET v = v WHERE id = $1 /* prepared-2 */', [1])).toBe(1);
    expect(await one.sql.execute('UPDATE prepared_t SET v = v WHERE id = $1 /* prepared-2 */', [3])).toBe(0);
    // Inside a transaction too (the transaction's own connection).
    const inTx = await one.sql.transaction(async (tx) => {
      await tx.query(text, [2]);
      return tx.query<{ n: string }>(
        'SELECT count(*)::text AS n FROM pg_prepared_statements WHERE statement = $1',
        [text],
      );
    });
    expect(inTx).toEqual([{ n: '1' }]);
  });

  it('answers after a migration changed the result columns, unnamed from then on', async () => {
    const text = 'SELECT * FROM prepared_t WHERE id = $1 /* prepared-3 */';
    await one.sql.query(text, [1]);
    await one.sql.query(text, [1]);
    expect(await prepared(text)).toHaveLength(1);
    // Another instance migrates: a column more, so the cached plan's row type no longer holds.
    const other = new pg.Client({ connectionString: t.config.kind === 'pg' ? t.config.url : '' });
    await other.connect();
    try {
      await other.query('ALTER TABLE prepared_t ADD COLUMN note text');
    } finally {
      await other.end();
    }
    expect(await one.sql.query(text, [1])).toEqual([{ id: 1, v: '一', note: null }]);
    expect(await one.sql.query(text, [2])).toEqual([{ id: 2, v: '二', note: null }]);
  });
});
