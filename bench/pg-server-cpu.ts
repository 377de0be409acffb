/**
 * CPU time of a local PostgreSQL server, read from /proc (Linux; the server on this machine): the backends serving
 * the given databases (their command line names the database) and the whole server (every `postgres` process,
 * with the time of children it reaped: backends that ended). Undefined where /proc shows no such process (another
 * machine, another OS). A backend that ends between two readings takes its time with it from the first figure,
 * not from the second.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface PgServerCpu {
  /** ms of CPU of the backends connected to the databases asked for. */
  readonly backendsMs: number;
  /** ms of CPU of every process of the server (backends of other clients and background writers included). */
  readonly serverMs: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function readPgServerCpu(databases: readonly string[]): PgServerCpu | undefined {
  let backends = 0;
  let server = 0;
  let seen = false;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let stat: string;
    let cmdline: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue; // ended meanwhile, or not ours to read
    }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    if (comm !== 'postgres' && !comm.startsWith('postgres:')) continue;
    seen = true;
    // Fields after the command: state is field 3; utime 14, stime 15, cutime 16, cstime 17 (1-based).
    const f = stat.slice(close + 2).split(' ');
    const ticks = (i: number) => Number(f[i - 3] ?? 0);
    const own = ticks(14) + ticks(15);
    server += own + ticks(16) + ticks(17);
    if (databases.some((db) => cmdline.includes(` ${db} `))) backends += own;
  }
  if (!seen) return undefined;
  const ms = (t: number) => (t * 1000) / TICKS_PER_SECOND;
  return { backendsMs: ms(backends), serverMs: ms(server) };
}

/**
 * CPU time (ms) of this process's main thread alone (Linux /proc/self/task/<pid>/stat; undefined elsewhere): the
 * event loop every embedded service shares. `process.cpuUsage()` also counts worker threads (PDF layout) and V8's
 * helper threads; cases/s of one process is bounded by this thread's time per case.
 */
export function readMainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11] ?? 0) + Number(f[12] ?? 0)) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU time (ms) of this process's threads by name (Linux /proc/self/task/*; undefined elsewhere): the main thread
 * (`node`), worker threads (`WorkerThread`: PDF layout), V8's helpers (`V8 DefaultWorke…`: parallel and concurrent
 * GC, compilation) and libuv's pool (`libuv-worker`: file system, crypto, zlib). Threads that ended meanwhile take
 * their time with them.
 */
export function readThreadsCpuMs(): Map<string, number> | undefined {
  const byName = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name =
        tid === String(process.pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(f[11] ?? 0) + Number(f[12] ?? 0)) * 1000) / TICKS_PER_SECOND;
      byName.set(name, (byName.get(name) ?? 0) + ms);
    } catch {
      // ended meanwhile
    }
  }
  return byName;
}

/**
 * The whole machine's CPU (Linux /proc/stat, every core): ms busy, ms stolen by the hypervisor (other guests ran on
 * the cores: not this machine's work, so not in busy) and ms in all; undefined elsewhere.
 */
export function readMachineCpu(): { busyMs: number; stealMs: number; totalMs: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal …
    const t = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = t.reduce((a, b) => a + b, 0);
    const idle = (t[3] ?? 0) + (t[4] ?? 0);
    const steal = t[7] ?? 0;
    return {
      busyMs: ((total - idle - steal) * 1000) / TICKS_PER_SECOND,
      stealMs: (steal * 1000) / TICKS_PER_SECOND,
      totalMs: (total * 1000) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}
