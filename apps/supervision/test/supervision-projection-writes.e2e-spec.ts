/**
 * Re-projecting a case on each event rewrites only the row sets (tasks, clocks, anomalies) whose content changed
 * (issue 22: fewer statements per case). Checked with PostgreSQL's `xmin`: a row left alone keeps the transaction id
 * that wrote it. Whatever is skipped, the rows always equal a rebuild from history.
 */
import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import { ManualClock } from '@hall/calendar';
import { CaseProjector, createSupervisionService } from '../src/index.js';
import { at, CaseHistory, publishLive, toMessage } from './factories/case-history.factory.js';

const kinds = await testDatabaseKinds();

const SETS = {
  tasks:
    "SELECT xmin::text AS x, to_jsonb(t) - 'application_no' AS row FROM case_task t WHERE application_no = $1 ORDER BY task_id",
  clocks:
    "SELECT xmin::text AS x, to_jsonb(c) - 'application_no' AS row FROM case_clock c WHERE application_no = $1 ORDER BY subject",
  anomalies:
    "SELECT xmin::text AS x, to_jsonb(a) - 'application_no' AS row FROM anomaly a WHERE application_no = $1 ORDER BY id",
} as const;
type SetName = keyof typeof SETS;
type Snapshot = Record<SetName, { xmins: string[]; rows: string }>;

describe.each(kinds)('supervision projection writes on %s', (kind) => {
  let h: ServiceHarness;
  const clock = new ManualClock(new Date(at('2026-09-14 08:00')));

  beforeAll(async () => {
    h = await startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
      db: kind,
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const snapshot = async (no: string): Promise<Snapshot> => {
    const out = {} as Snapshot;
    for (const name of Object.keys(SETS) as SetName[]) {
      const rows = await h.database.db.sql.query<{ x: string; row: unknown }>(SETS[name], [no]);
      out[name] = { xmins: rows.map((r) => r.x), rows: JSON.stringify(rows.map((r) => r.row)) };
    }
    return out;
  };

  it('leaves an unchanged set as it is, rewrites a changed one, and always equals a rebuild', async () => {
    const history = CaseHistory.clean();
    const no = history.no;
    let before = await snapshot(no);
    const untouched: string[] = [];
    const rewritten: string[] = [];
    for (const event of history.events) {
      await publishLive(h, clock, [event]);
      const after = await snapshot(no);
      for (const name of Object.keys(SETS) as SetName[]) {
        if (after[name].xmins.length === 0) continue;
        if (after[name].rows === before[name].rows) {
          expect({ event: event.type, set: name, xmins: after[name].xmins }).toEqual({
            event: event.type,
            set: name,
            xmins: before[name].xmins,
          });
          untouched.push(`${event.type}:${name}`);
        } else rewritten.push(`${event.type}:${name}`);
      }
      before = after;
    }
    // Both kinds happen in a clean case's life: the check above is not vacuous.
    expect(untouched.length).toBeGreaterThan(0);
    expect(rewritten.length).toBeGreaterThan(0);

    await h.app.get(CaseProjector).rebuildAll();
    const rebuilt = await snapshot(no);
    for (const name of Object.keys(SETS) as SetName[]) expect(rebuilt[name].rows).toBe(before[name].rows);
  });

  it('applies the events delivered within the linger in one transaction (two cases, a duplicate, an out-of-order redelivery), as a rebuild would', async () => {
    const a = CaseHistory.clean();
    const b = CaseHistory.clean({ departmentCode: 'health' });
    const last =
      [...a.events, ...b.events]
        .map((e) => e.occurredAt)
        .sort()
        .at(-1) ?? '';
    clock.set(last);
    const [firstOfB] = b.events;
    const messages = [...a.events, ...b.events, ...a.events.slice(0, 2), ...(firstOfB ? [firstOfB] : [])].map(
      toMessage,
    );
    // Published one by one, without waiting: several topics and partitions deliver them within the linger.
    await Promise.all(messages.map((m) => h.transport.publish([m])));
    const written = await h.database.db.sql.query<{ no: string; x: string }>(
      'SELECT application_no AS no, xmin::text AS x FROM supervised_case WHERE application_no = ANY($1)',
      [[a.no, b.no]],
    );
    // Both cases' rows were written by one transaction: the lingered one.
    expect(written).toHaveLength(2);
    expect(new Set(written.map((r) => r.x)).size).toBe(1);
    const [entries] = await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM timeline_entry WHERE case_no = ANY($1)',
      [[a.no, b.no]],
    );
    expect(entries?.n).toBe(a.events.length + b.events.length);
    const live = { a: await snapshot(a.no), b: await snapshot(b.no) };
    const liveCases = await h.database.db.sql.query<{ row: unknown }>(
      "SELECT to_jsonb(c) - 'tasks_digest' AS row FROM supervised_case c WHERE application_no = ANY($1) ORDER BY application_no",
      [[a.no, b.no]],
    );
    await h.app.get(CaseProjector).rebuildAll();
    for (const [no, before] of [
      [a.no, live.a],
      [b.no, live.b],
    ] as const) {
      const rebuilt = await snapshot(no);
      for (const name of Object.keys(SETS) as SetName[]) expect(rebuilt[name].rows).toBe(before[name].rows);
    }
    expect(
      await h.database.db.sql.query<{ row: unknown }>(
        "SELECT to_jsonb(c) - 'tasks_digest' AS row FROM supervised_case c WHERE application_no = ANY($1) ORDER BY application_no",
        [[a.no, b.no]],
      ),
    ).toEqual(liveCases);
  });
});
