import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from './database.js';
import { discardPristineCluster, pristineClusterFile } from './pglite-cluster.js';

const count = async (db: Database, table: string): Promise<number> =>
  (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n ?? -1;

// initdb inside WebAssembly takes tens of seconds on a loaded box: generous limits, no timing asserted.
jest.setTimeout(240_000);

describe('PGlite clusters started from the pristine copy', () => {
  const open: Database[] = [];
  const dirs: string[] = [];
  // This file damages the cache on purpose: its own cache directory, so parallel test workers never read it.
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'hall-pglite-cache-'));
  const previousCacheDir = process.env.HALL_PGLITE_CACHE_DIR;
  beforeAll(async () => {
    process.env.HALL_PGLITE_CACHE_DIR = cacheDir;
    await discardPristineCluster();
  });
  afterAll(async () => {
    await Promise.all(open.map((d) => d.close()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await discardPristineCluster();
    if (previousCacheDir === undefined) delete process.env.HALL_PGLITE_CACHE_DIR;
    else process.env.HALL_PGLITE_CACHE_DIR = previousCacheDir;
    rmSync(cacheDir, { recursive: true, force: true });
  });
  const lite = async (dataDir?: string): Promise<Database> => {
    const db = await openDatabase(dataDir ? { kind: 'pglite', dataDir } : { kind: 'pglite' });
    open.push(db);
    return db;
  };

  it('gives every in-memory cluster its own data, with the embedded settings', async () => {
    const a = await lite();
    const b = await lite();
    await a.sql.exec('CREATE TABLE t (x int); INSERT INTO t VALUES (1), (2)');
    expect(await count(a, 't')).toBe(2);
    await expect(b.sql.query('SELECT * FROM t')).rejects.toThrow(/does not exist/);
    expect(await a.sql.query('SHOW shared_buffers')).toEqual([{ shared_buffers: '16MB' }]);
  });

  it('makes a new data directory a real cluster that keeps its data across restarts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hall-pglite-dir-'));
    dirs.push(dir);
    const first = await openDatabase({ kind: 'pglite', dataDir: dir });
    await first.sql.exec('CREATE TABLE kept (x int); INSERT INTO kept VALUES (7)');
    await first.close();
    const again = await lite(dir);
    expect(await again.sql.query('SELECT x FROM kept')).toEqual([{ x: 7 }]);
  });

  it('rebuilds a damaged cached copy instead of failing', async () => {
    await discardPristineCluster();
    writeFileSync(pristineClusterFile(), 'not a tarball');
    const db = await lite();
    await db.sql.exec('CREATE TABLE ok (x int)');
    expect(await count(db, 'ok')).toBe(0);
    // The next cluster finds a good copy again.
    const next = await lite();
    expect(await next.sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
