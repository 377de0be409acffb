/**
 * The hall bench's load client: drives cases through the hall over HTTP like the people using it (citizen, window
 * clerk, three departments' officers) and awaits the asynchronous effects in the service databases. It runs in a
 * child process of the bench (`startDriver`), so the CPU the bench measures in its own process is the hall's alone:
 * browsers and officers' machines are not the hall's cost. The parent sends `run` messages; the child answers with
 * progress and the results.
 */
import { exampleFormData, type ApplicationForm } from '@hall/contracts';
import { eventually as poll, hallHttpClient } from '@hall/platform/testing';
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BENCH_MARK } from './case-cost.js';

export interface MaterialSpec {
  id: string;
  required: boolean;
  promiseAllowed: boolean;
}

export const OFFICERS = [
  { username: 'approver.market', department: 'market-regulation', cosigner: 'head.market' },
  { username: 'approver.fire', department: 'fire-rescue', cosigner: undefined },
  { username: 'approver.urban', department: 'urban-management', cosigner: undefined },
] as const;

/** The hall's HTTP client (demo accounts' tokens, renewed before they expire), shared with the resilience suites. */
export const hallClient = hallHttpClient;

/** Polls every 50 ms for at most 3 minutes; a throw fails at once (the bench's effects do not fail on the way). */
export const eventually = <T>(what: string, fn: () => Promise<T | undefined>): Promise<T> =>
  poll(what, fn, { timeoutMs: 180_000, everyMs: 50, tolerate: false });

// ---- the protocol between the bench and its driver process ---------------------------------------------------------

export interface DriverSetup {
  url: string;
  /** Connection string of each service's database (the driver polls them for asynchronous effects). */
  databases: Record<string, string>;
  implementationCode: string;
  materials: MaterialSpec[];
  applicationForm: ApplicationForm;
}

export interface RunResult {
  results: Array<{ no: string; ms: number }>;
  failures: string[];
  /** Every application submitted, finished or not (the reconciliation counts them all). */
  submitted: string[];
  phases: Array<[string, number[]]>;
  /** The driver's own statements per database name (each an autocommit transaction in pg_stat_database). */
  statements: Array<[string, number]>;
  /** The driver process's CPU over the run (ms): the users' side, on the same cores in the bench. */
  cpuMs: number;
}

type ToDriver = { type: 'run'; first: number; cases: number; concurrency: number } | { type: 'stop' };
type FromDriver =
  | { type: 'ready' }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: RunResult }
  | { type: 'error'; message: string };

/** Starts the driver process; `run` drives `cases` cases with `concurrency` in flight and resolves with the results. */
export async function startDriver(
  setup: DriverSetup,
  onProgress: (done: number, total: number) => void,
): Promise<{
  run(first: number, cases: number, concurrency: number): Promise<RunResult>;
  stop(): Promise<void>;
}> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [JSON.stringify(setup)], {
    execArgv: ['--import', '@swc-node/register/esm-register', '--no-warnings'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let pending: { resolve(r: RunResult): void; reject(e: Error): void } | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('exit', (code) => pending?.reject(new Error(`the bench driver exited (${code})`)));
  await new Promise<void>((resolve, reject) => {
    child.once('message', (m: FromDriver) =>
      m.type === 'ready' ? resolve() : reject(new Error(`driver: ${JSON.stringify(m)}`)),
    );
    child.once('exit', (code) => reject(new Error(`the bench driver exited (${code}) before it was ready`)));
  });
  child.on('message', (m: FromDriver) => {
    if (m.type === 'progress') onProgress(m.done, m.total);
    else if (m.type === 'done') pending?.resolve(m.result);
    else if (m.type === 'error') pending?.reject(new Error(m.message));
  });
  return {
    run(first, cases, concurrency) {
      return new Promise<RunResult>((resolve, reject) => {
        pending = { resolve, reject };
        child.send({ type: 'run', first, cases, concurrency } satisfies ToDriver);
      });
    },
    async stop() {
      if (child.exitCode === null && child.connected) child.send({ type: 'stop' } satisfies ToDriver);
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    },
  };
}

// ---- the driver process -----------------------------------------------------------------------------------------

async function driverMain(setup: DriverSetup): Promise<void> {
  const api = hallClient(setup.url);
  const pools = new Map(
    Object.entries(setup.databases).map(([svc, url]) => [
      svc,
      new pg.Pool({ connectionString: url, max: 8 }),
    ]),
  );
  const databaseName = new Map(
    Object.entries(setup.databases).map(([svc, url]) => [svc, new URL(url).pathname.slice(1)]),
  );
  let statements = new Map<string, number>();
  const sql = async <T>(svc: string, text: string, params?: unknown[]): Promise<T[]> => {
    const pool = pools.get(svc);
    if (!pool) throw new Error(`no database for ${svc}`);
    const name = databaseName.get(svc) ?? svc;
    statements.set(name, (statements.get(name) ?? 0) + 1);
    return (await pool.query(`${BENCH_MARK} ${text}`, params)).rows as T[];
  };
  const users = ['zhangsan', 'clerk.shangcheng', ...OFFICERS.map((o) => o.username), 'head.market'];
  for (const u of users) await api.token(u);

  /**
   * Waits until the case's three department tasks exist (one poll of the approval database for all three: the
   * driver's polls run on the hall's cores and PostgreSQL), then finds each in its officer's queue over HTTP.
   */
  async function openTasks(no: string) {
    const ids = await eventually(`the ${OFFICERS.length} tasks of ${no} exist`, async () => {
      const rows = await sql<{ id: string; department_code: string }>(
        'approval',
        'SELECT id, department_code FROM approval_task WHERE application_no = $1',
        [no],
      );
      const byDepartment = new Map(rows.map((r) => [r.department_code, r.id]));
      return OFFICERS.every((o) => byDepartment.has(o.department)) ? byDepartment : undefined;
    });
    return (o: (typeof OFFICERS)[number]) => openTask(o, no, ids.get(o.department) ?? '');
  }

  async function openTask(o: (typeof OFFICERS)[number], no: string, id: string) {
    const r = await api.ok('GET', '/api/approval/tasks?pageSize=100', o.username);
    const task = (r.items as Array<{ id: string; applicationNo: string }>).find((t) => t.id === id);
    if (!task) throw new Error(`${o.username} does not see task ${id} of ${no} in the queue`);
    return task;
  }

  async function run(first: number, cases: number, concurrency: number): Promise<RunResult> {
    statements = new Map();
    const cpu0 = process.cpuUsage();
    const phases = new Map<string, number[]>();
    const lap = (phase: string, since: number): number => {
      const now = performance.now();
      phases.set(phase, [...(phases.get(phase) ?? []), now - since]);
      return now;
    };
    const submitted: string[] = [];
    async function oneCase(i: number): Promise<{ no: string; ms: number }> {
      const start = performance.now();
      let t = start;
      const materials = [];
      for (const m of setup.materials.filter((x) => x.required)) {
        materials.push(
          m.promiseAllowed
            ? { materialId: m.id, source: 'promise', promise: '本人承诺所填信息真实，场所符合消防安全要求。' }
            : { materialId: m.id, source: 'upload', fileIds: [await api.upload('zhangsan', `${m.id}-${i}`)] },
        );
      }
      t = lap('uploads', t);
      const app = await api.ok('POST', '/api/intake/applications', 'zhangsan', {
        implementationCode: setup.implementationCode,
        formData: exampleFormData(setup.applicationForm, { entityName: `小馆 ${i}` }),
        materials,
      });
      const no = app.no as string;
      submitted.push(no);
      t = lap('submit', t);
      await api.ok('POST', `/api/intake/applications/${no}/accept`, 'clerk.shangcheng', {});
      t = lap('accept', t);
      const open = await openTasks(no);
      lap('accept → all 3 tasks visible (events)', t);
      await Promise.all(
        OFFICERS.map(async (o) => {
          const task = await open(o);
          await api.ok('POST', `/api/approval/tasks/${task.id}/claim`, o.username, {});
          const done = await api.ok('POST', `/api/approval/tasks/${task.id}/complete`, o.username, {
            verdict: 'approve',
            opinion: '经审查，符合条件，同意。',
          });
          if (done.status === 'cosign' && o.cosigner) {
            await api.ok('POST', `/api/approval/tasks/${task.id}/complete`, o.cosigner, {
              verdict: 'approve',
              opinion: '现场核查属实。',
            });
          }
        }),
      );
      t = lap('accept → 3 approvals done', t);
      await api.ok('POST', `/api/approval/cases/${no}/decide`, 'approver.market', {
        outcome: 'approved',
        reasons: '符合法定条件、标准，准予许可。',
      });
      t = lap('decide', t);
      try {
        await eventually(`${no} completed`, async () => {
          const rows = await sql<{ status: string }>(
            'intake',
            'SELECT status FROM application WHERE no = $1',
            [no],
          );
          return rows[0]?.status === 'completed' ? true : undefined;
        });
        const r = await api.ok('GET', `/api/intake/applications/${no}`, 'zhangsan');
        if (r.status !== 'completed')
          throw new Error(`${no} is ${String(r.status)} over HTTP, completed in the database`);
        lap('decision → 办结 in intake (licences issued, events)', t);
      } catch (err) {
        const at = async (svc: string, q: string) => JSON.stringify(await sql(svc, q, [no]));
        throw new Error(
          `${(err as Error).message}; intake ${await at('intake', 'SELECT status FROM application WHERE no = $1')}, ` +
            `approval ${await at('approval', 'SELECT status, outcome FROM approval_case WHERE application_no = $1')}, ` +
            `licences ${await at('licence', 'SELECT type_code, render_status FROM licence WHERE application_no = $1')}, ` +
            `licence outbox ${await at('licence', 'SELECT count(*) FILTER (WHERE published_at IS NULL) AS unpublished FROM outbox WHERE $1::text IS NOT NULL')}`,
        );
      }
      return { no, ms: performance.now() - start };
    }
    const results: Array<{ no: string; ms: number }> = [];
    const failures: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < cases) {
          const i = first + next++;
          try {
            results.push(await oneCase(i));
          } catch (err) {
            failures.push((err as Error).message);
          }
          process.send?.({
            type: 'progress',
            done: results.length + failures.length,
            total: cases,
          } satisfies FromDriver);
        }
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    return {
      results,
      failures,
      submitted,
      phases: [...phases],
      statements: [...statements],
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
  }

  process.on('message', (m: ToDriver) => {
    if (m.type === 'stop') {
      void Promise.all([...pools.values()].map((p) => p.end())).finally(() => process.exit(0));
      return;
    }
    run(m.first, m.cases, m.concurrency).then(
      (result) => process.send?.({ type: 'done', result } satisfies FromDriver),
      (err: Error) =>
        process.send?.({ type: 'error', message: err.stack ?? err.message } satisfies FromDriver),
    );
  });
  process.send?.({ type: 'ready' } satisfies FromDriver);
}

if (process.send !== undefined && process.argv[1] === fileURLToPath(import.meta.url)) {
  const setup = JSON.parse(process.argv[2] ?? '{}') as DriverSetup;
  driverMain(setup).catch((err: Error) => {
    process.send?.({ type: 'error', message: err.stack ?? err.message } satisfies FromDriver);
    process.exit(1);
  });
}
