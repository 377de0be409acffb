/**
 * Re-projecting a case on each event rewrites only the row sets (tasks, clocks, anomalies) whose content changed
 * (issue 22: fewer statements per case). Checked with PostgreSQL's `xmin`: a row left alone keeps the transaction id
 * that wrote it. Whatever is skipped, the rows always equal a rebuild from history.
 */
import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import { ManualClock } from '@hall/calendar';
import { CaseProjector, createSupervisionService } from '../src/index.js';
import { at, CaseHistory, publishLive } from './factories/case-history.factory.js';

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
});
