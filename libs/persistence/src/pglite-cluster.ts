/**
 * A freshly initialised PGlite cluster, made once and reused.
 *
 * `new PGlite()` on an empty directory runs `initdb` inside WebAssembly: seconds of CPU and ~100 MiB of memory that
 * the instance keeps for its whole life. The embedded hall opens five clusters and the test suites open hundreds,
 * so the first one made is dumped to a tarball (kept in memory and in the OS temp directory, keyed by the PGlite
 * version and settings) and every later cluster starts from a copy of it: the same bytes `initdb` would have
 * written, without running it again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

/**
 * Server settings of every embedded cluster: small buffers (the embedded hall's data is small; PostgreSQL's
 * defaults would reserve 128 MiB of shared buffers in each of the five clusters).
 */
export const PGLITE_SETTINGS: readonly string[] = ['shared_buffers=16MB', 'wal_buffers=1MB'];

function pgliteVersion(): string {
  try {
    const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
    let dir = path.dirname(entry);
    for (let i = 0; i < 4; i++) {
      const pkg = path.join(dir, 'package.json');
      if (existsSync(pkg)) {
        const { name, version } = JSON.parse(readFileSync(pkg, 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (name === '@electric-sql/pglite' && version) return version;
      }
      dir = path.dirname(dir);
    }
  } catch {
    /* fall through */
  }
  return 'unknown';
}

let pristine: Promise<Blob> | undefined;

/** The cache file of this PGlite version and these settings. */
export function pristineClusterFile(): string {
  const key = createHash('sha256')
    .update(`${pgliteVersion()}\n${PGLITE_SETTINGS.join('\n')}`)
    .digest('hex')
    .slice(0, 16);
  // HALL_PGLITE_CACHE_DIR moves the cache (a test that damages it on purpose keeps it away from other workers).
  return path.join(process.env.HALL_PGLITE_CACHE_DIR ?? os.tmpdir(), `hall-pglite-cluster-${key}.tar`);
}

/** A tarball of a cluster straight after `initdb` (made on first use, then read from the cache). */
export function pristineCluster(): Promise<Blob> {
  pristine ??= (async () => {
    const file = pristineClusterFile();
    try {
      const bytes = await readFile(file);
      if (bytes.length > 0) return new Blob([new Uint8Array(bytes)]);
    } catch {
      /* not made yet */
    }
    const seed = new PGlite({ postgresqlconf: [...PGLITE_SETTINGS] });
    await seed.waitReady;
    const dump = await seed.dumpDataDir('none');
    await seed.close();
    const bytes = new Uint8Array(await dump.arrayBuffer());
    // Written under a unique name and renamed: parallel test workers never read a half-written file.
    const tmp = `${file}.${process.pid}.${Date.now()}`;
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    } catch {
      await rm(tmp, { force: true }).catch(() => undefined);
    }
    return new Blob([bytes]);
  })().catch((err: unknown) => {
    pristine = undefined;
    throw err;
  });
  return pristine;
}

/** Forgets the in-memory copy and deletes the cache file (a damaged cache is rebuilt on the next use). */
export async function discardPristineCluster(): Promise<void> {
  pristine = undefined;
  await rm(pristineClusterFile(), { force: true });
}
