/**
 * The benchmarks' object store as a child process (bench/object-store.process.ts, or another checkout's copy of it):
 * its endpoint and keys, its CPU so far from /proc, and stop.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ObjectStoreConfig {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
}

export interface ObjectStoreProcess {
  readonly config: ObjectStoreConfig;
  /** utime + stime of the child so far (ms); undefined where /proc cannot tell. */
  cpuMs(): number | undefined;
  /** stime alone (ms). */
  sysMs(): number | undefined;
  stop(): Promise<void>;
}

export const OBJECT_STORE_SCRIPT = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'object-store.process.ts',
);

/** Starts `script` (default this checkout's store) with `execArgv` before it, from `cwd` (its @hall/* imports resolve there). */
export async function startObjectStoreProcess(
  script = OBJECT_STORE_SCRIPT,
  { execArgv = [], cwd }: { execArgv?: string[]; cwd?: string } = {},
): Promise<ObjectStoreProcess> {
  const child = spawn(
    process.execPath,
    [...execArgv, '--import', '@swc-node/register/esm-register', script],
    {
      ...(cwd !== undefined && { cwd }),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const config = await new Promise<ObjectStoreConfig>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line) as ObjectStoreConfig);
    });
    child.once('exit', (code) => reject(new Error(`object store process exited with ${code}`)));
  });
  const pid = child.pid ?? 0;
  const ticks = (field: number): number | undefined => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(f[field]) * 1000) / 100; // USER_HZ ticks
    } catch {
      return undefined;
    }
  };
  return {
    config,
    cpuMs: () => {
      const user = ticks(11);
      const sys = ticks(12);
      return user === undefined || sys === undefined ? undefined : user + sys;
    },
    sysMs: () => ticks(12),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
