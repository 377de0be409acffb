// Issue 10, item 1 — crash windows with a real SIGKILL. The whole hall runs as a child process on PostgreSQL (one
// database per service, see support/crash-hall.ts). A window clerk accepts (受理) an application; the process kills
// itself with SIGKILL at one point of that event's way to the consumers:
//  - between the producer's commit and the relay's publish,
//  - between the publish (every consumer committed) and the relay marking the row published,
//  - inside approval's consumer transaction, after its writes and before its commit.
// The test checks what the dead process left in the databases, restarts the hall on the same databases, and then
// reconciles across the services: the application is accepted once, approval opened exactly one case with exactly
// one task per department, each consumer applied the event exactly once (one inbox row), supervision projected one
// case with one timeline entry for the event, and the outbox row ends up published. The three windows share nothing
// (databases, data directory, port, process) and run at the same time.
import { exampleFormData, type ApplicationForm } from '@hall/contracts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, isPostgresAvailable, type TestDatabase } from '@hall/persistence';
import {
  api,
  demoRestaurantItem,
  eventually,
  freePort,
  startHall,
  type Hall,
} from './support/hall-process.js';

const pgUp = await isPostgresAvailable();
const describePg = pgUp ? describe : describe.skip;
if (!pgUp) process.stdout.write('crash windows: skipped (no PostgreSQL on 127.0.0.1:5432)\n');

const SERVICES = ['catalog', 'intake', 'approval', 'licence', 'supervision', 'disclosure'] as const;
const ACCEPTED = 'intake.application.accepted';

const windows = [
  { point: 'before-publish', group: undefined },
  { point: 'after-publish', group: undefined },
  { point: 'mid-consume', group: 'approval' },
] as const;
type Window = (typeof windows)[number];

/**
 * One window: six databases and a data directory of its own, the hall killed at `point` and restarted, the
 * reconciliation. The windows share nothing (databases, data directory, port, process), so they run at the same time.
 */
async function crashWindow(point: Window['point'], group: string | undefined): Promise<void> {
  const dbs = new Map<string, TestDatabase>();
  const dataDir = mkdtempSync(path.join(tmpdir(), `hall-crash-${point}-`));
  const marker = path.join(dataDir, 'crashed-at');
  let hall: Hall | undefined;
  const q = async <R>(svc: string, sql: string, params: unknown[] = []): Promise<R[]> => {
    const db = dbs.get(svc);
    if (!db) throw new Error(`no database for ${svc}`);
    return db.db.sql.query<R>(sql, params);
  };
  const n = async (svc: string, sql: string, params: unknown[] = []): Promise<number> =>
    Number((await q<{ n: number }>(svc, sql, params))[0]?.n ?? -1);
  try {
    for (const s of SERVICES) dbs.set(s, await createTestDatabase('pg', { label: `crash_${s}` }));
    const port = await freePort();
    const env: Record<string, string> = {
      PORT: String(port),
      HALL_DATA_DIR: dataDir,
      HALL_PG_URLS: JSON.stringify(
        Object.fromEntries([...dbs].map(([s, d]) => [s, d.config.kind === 'pg' ? d.config.url : ''])),
      ),
      HALL_CRASH_POINT: point,
      HALL_CRASH_TYPE: ACCEPTED,
      HALL_CRASH_MARKER: marker,
      ...(group && { HALL_CRASH_GROUP: group }),
    };

    // --- first life: apply, accept, die ------------------------------------------------------------------------
    hall = await startHall(env);
    const first = api(hall.url);
    const { code, snapshot } = await demoRestaurantItem<
      { id: string; required: boolean; promiseAllowed: boolean },
      ApplicationForm
    >(first);
    const materials = [];
    for (const m of snapshot.materials.filter((x) => x.required)) {
      materials.push(
        m.promiseAllowed
          ? { materialId: m.id, source: 'promise', promise: '本人承诺所填信息真实，场所符合消防安全要求。' }
          : { materialId: m.id, source: 'upload', fileIds: [await first.upload('zhangsan', m.id)] },
      );
    }
    const submitted = await first.call('POST', '/api/intake/applications', 'zhangsan', {
      implementationCode: code,
      formData: exampleFormData(snapshot.applicationForm, { entityName: '崩溃测试小馆' }),
      materials,
    });
    expect(submitted.status).toBe(201);
    const no = submitted.body.no as string;
    // The accept commits, then the relay (woken by the commit) publishes: the process may die before the answer
    // reaches the clerk (the socket is cut), or just after it. Either way the accept itself is durable (below).
    const accepted = await first
      .call('POST', `/api/intake/applications/${no}/accept`, 'clerk.shangcheng', {})
      .then(
        (r) => r.status,
        () => 'connection cut' as const,
      );
    expect([200, 'connection cut']).toContain(accepted);
    const death = await within(90_000, hall.exited);
    expect(death).toEqual({ code: null, signal: 'SIGKILL' });
    expect(readFileSync(marker, 'utf8')).toContain(point);

    // --- what the dead process left behind ------------------------------------------------------------------------
    const [event] = await q<{ id: string; published: boolean }>(
      'intake',
      `SELECT id::text AS id, published_at IS NOT NULL AS published FROM outbox WHERE type = $1 AND key = $2`,
      [ACCEPTED, no],
    );
    expect(event).toBeDefined();
    const eventId = event?.id ?? '';
    expect(event?.published).toBe(false); // in every window the row was never marked published
    expect(await q('intake', 'SELECT status FROM application WHERE no = $1', [no])).toEqual([
      { status: 'accepted' },
    ]);
    const casesBefore = await n(
      'approval',
      'SELECT count(*)::int AS n FROM approval_case WHERE application_no = $1',
      [no],
    );
    const approvalInboxBefore = await n(
      'approval',
      'SELECT count(*)::int AS n FROM inbox WHERE event_id = $1::uuid',
      [eventId],
    );
    if (point === 'after-publish') {
      // Every consumer had committed its effect before the relay could mark the row.
      expect(casesBefore).toBe(1);
      expect(approvalInboxBefore).toBe(1);
    } else {
      // Before the publish, or inside approval's uncommitted transaction: nothing of it reached approval's database.
      expect(casesBefore).toBe(0);
      expect(approvalInboxBefore).toBe(0);
    }

    // --- second life on the same databases: the relay republishes, the consumers absorb duplicates --------------
    hall = await startHall(env);
    await eventually('the 受理 event is published after the restart', async () => {
      const [row] = await q<{ published: boolean }>(
        'intake',
        'SELECT published_at IS NOT NULL AS published FROM outbox WHERE id = $1::uuid',
        [eventId],
      );
      return row?.published ? true : undefined;
    });
    await eventually('approval opened the case with its tasks', async () =>
      (await n(
        'approval',
        'SELECT count(*)::int AS n FROM approval_task t JOIN approval_case c ON c.id = t.case_id WHERE c.application_no = $1',
        [no],
      )) >= 3
        ? true
        : undefined,
    );
    await eventually('supervision projected the case', async () =>
      (await n('supervision', 'SELECT count(*)::int AS n FROM timeline_entry WHERE event_id = $1::uuid', [
        eventId,
      ])) === 1
        ? true
        : undefined,
    );

    // --- reconcile across the services ---------------------------------------------------------------------------
    expect(await q('intake', 'SELECT status FROM application WHERE no = $1', [no])).toEqual([
      { status: 'accepted' },
    ]);
    expect(
      await n('intake', 'SELECT count(*)::int AS n FROM outbox WHERE type = $1 AND key = $2', [ACCEPTED, no]),
    ).toBe(1);
    expect(
      await n('approval', 'SELECT count(*)::int AS n FROM approval_case WHERE application_no = $1', [no]),
    ).toBe(1);
    const tasks = await q<{ department_code: string; n: number }>(
      'approval',
      `SELECT t.department_code, count(*)::int AS n FROM approval_task t JOIN approval_case c ON c.id = t.case_id
          WHERE c.application_no = $1 GROUP BY t.department_code ORDER BY t.department_code`,
      [no],
    );
    expect(tasks.length).toBe(3);
    expect(tasks.every((t) => t.n === 1)).toBe(true);
    expect(
      await n('approval', 'SELECT count(*)::int AS n FROM inbox WHERE event_id = $1::uuid', [eventId]),
    ).toBe(1);
    expect(
      await n('supervision', 'SELECT count(*)::int AS n FROM inbox WHERE event_id = $1::uuid', [eventId]),
    ).toBe(1);
    expect(
      await n('supervision', 'SELECT count(*)::int AS n FROM supervised_case WHERE application_no = $1', [
        no,
      ]),
    ).toBe(1);
    expect(
      await n('supervision', 'SELECT count(*)::int AS n FROM timeline_entry WHERE event_id = $1::uuid', [
        eventId,
      ]),
    ).toBe(1);
    // The tasks approval announced after opening the case reached supervision once each as well.
    const taskEvents = await q<{ id: string }>(
      'approval',
      `SELECT id::text AS id FROM outbox WHERE key = $1`,
      [no],
    );
    for (const e of taskEvents) {
      expect(
        await n('supervision', 'SELECT count(*)::int AS n FROM inbox WHERE event_id = $1::uuid', [e.id]),
      ).toBeLessThanOrEqual(1);
    }
    expect(await n('approval', 'SELECT count(*)::int AS n FROM dead_letter', [])).toBe(0);
    expect(await n('supervision', 'SELECT count(*)::int AS n FROM dead_letter', [])).toBe(0);
  } finally {
    if (hall && hall.child.exitCode === null && hall.child.signalCode === null) {
      hall.child.kill('SIGTERM');
      const stopped = hall;
      await within(20_000, stopped.exited);
      if (stopped.child.exitCode === null && stopped.child.signalCode === null) stopped.child.kill('SIGKILL');
    }
    for (const d of dbs.values()) await d.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `p`, or undefined once `ms` have passed; the timer does not outlive the race (no open handle left behind). */
async function within<T>(ms: number, p: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describePg('crash windows: the hall killed with SIGKILL around the 受理 event, then restarted', () => {
  it.concurrent.each(windows)(
    '$point: leaves every effect exactly once after the restart',
    ({ point, group }) => crashWindow(point, group),
    600_000,
  );
});
