/**
 * The model of the model-based test of the whole hall (issue 17 item 8): commands that call the real APIs of every
 * role on the applications of one run, with the answer each must get, and the invariants across the five services.
 *
 * The model keeps what the caller knows synchronously (who submitted, whether the one-time notice went out, whether
 * time was moved past a deadline); what arrives by events is read from the services themselves right before a
 * command (e.g. the approval task a department works on), so the expected answer follows from the rules and the
 * observed state, while the invariants compare the services with each other.
 */
import { exampleFormData } from '@hall/contracts';
import fc from 'fast-check';
import {
  DEPARTMENT_CODES,
  DEPARTMENTS,
  CONSUMING_SERVICES,
  type Answer,
  type ConsumingService,
  type DepartmentCode,
  type HallDriver,
} from './hall-driver.js';

export type Submitter = 'applicant' | 'clerk';
/** How far a new application is driven by its submit command (a short way to the deep states). */
export type Stage = 'submitted' | 'accepted' | 'examined';

export interface AppModel {
  no: string;
  by: Submitter;
  /** The 5-working-day notice window was moved into the past (deemed acceptance). */
  noticeWindowOver: boolean;
  /** The 容缺 supply deadline was moved into the past. */
  toleranceOver: boolean;
  rated: boolean;
}

export interface CaseModel {
  apps: AppModel[];
  /** Steps so far, for the failure message. */
  steps: string[];
}

export interface Real {
  d: HallDriver;
}

export const MAX_APPS = 3;
const CLERK = 'clerk.shangcheng';
const APPLICANT = 'zhangsan';
const WALK_IN = {
  kind: 'person',
  name: '王五',
  idNumber: '330102199003071230',
  phone: '13800000002',
} as const;

const ok = (a: Answer) => a.status >= 200 && a.status < 300;

class ModelViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelViolation';
  }
}

function expectAnswer(what: string, a: Answer, expected: 'ok' | number | readonly number[]): void {
  const fine =
    expected === 'ok' ? ok(a) : Array.isArray(expected) ? expected.includes(a.status) : a.status === expected;
  if (!fine)
    throw new ModelViolation(
      `${what}: expected ${JSON.stringify(expected)}, got ${a.status} ${JSON.stringify(a.body).slice(0, 400)}`,
    );
}

function fail(message: string): never {
  throw new ModelViolation(message);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the services
// ---------------------------------------------------------------------------------------------------------------

interface IntakeRow {
  status: string;
  acceptance_mode: string | null;
  tolerance_missing: string[];
  tolerance_satisfied_at: Date | null;
}
interface CaseRow {
  id: string;
  status: string;
  outcome: string | null;
  deciding_department_code: string;
  decided_by: { department?: string } | null;
}
interface TaskRow {
  id: string;
  department_code: string;
  region_code: string;
  status: string;
  role: string;
  assignee_id: string | null;
  pending_verdict: string | null;
  two_officials: boolean;
}

async function intakeOf(d: HallDriver, no: string): Promise<IntakeRow> {
  const [row] = await d.query<IntakeRow>(
    'intake',
    'SELECT status, acceptance_mode, tolerance_missing, tolerance_satisfied_at FROM application WHERE no = $1',
    [no],
  );
  if (!row) fail(`intake has no application ${no}`);
  return row;
}

async function caseOf(d: HallDriver, no: string): Promise<CaseRow | undefined> {
  const [row] = await d.query<CaseRow>(
    'approval',
    'SELECT id, status, outcome, deciding_department_code, decided_by FROM approval_case WHERE application_no = $1',
    [no],
  );
  return row;
}

async function tasksOf(d: HallDriver, no: string): Promise<TaskRow[]> {
  return d.query<TaskRow>(
    'approval',
    'SELECT id, department_code, region_code, status, role, assignee_id, pending_verdict, two_officials FROM approval_task WHERE application_no = $1 ORDER BY department_code',
    [no],
  );
}

/** The open pause of a case: a special procedure, or the 退回补正 waiting for the applicant (kind `supplement`). */
async function openPauseOf(d: HallDriver, caseId: string): Promise<{ id: string; kind: string } | undefined> {
  const [row] = await d.query<{ id: string; kind: string }>(
    'approval',
    `SELECT id, kind FROM special_procedure WHERE case_id = $1 AND kind <> 'extension' AND ended_at IS NULL`,
    [caseId],
  );
  return row;
}

async function userIdOf(d: HallDriver, username: string): Promise<string> {
  const token = await d.token(username);
  const part = token.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(part, 'base64url').toString()) as { sub: string }).sub;
}

/** Materials the open notice (one-time notice or a department's return) or the 容缺 acceptance asks for. */
async function wantedMaterials(d: HallDriver, no: string, row: IntakeRow): Promise<string[]> {
  if (row.status === 'accepted') return row.tolerance_missing;
  const kinds = row.status === 'returned' ? ['return'] : ['supplement'];
  const notices = await d.query<{ content: { materialIds?: string[] } }>(
    'intake',
    'SELECT content FROM notice WHERE application_no = $1 AND kind = ANY($2) ORDER BY issued_at DESC LIMIT 1',
    [no, kinds],
  );
  return notices[0]?.content.materialIds ?? [];
}

async function materialInputs(d: HallDriver, by: Submitter, ids: readonly string[]) {
  const user = by === 'applicant' ? APPLICANT : CLERK;
  const out = [];
  for (const id of ids)
    out.push({ materialId: id, source: 'upload' as const, fileIds: [await d.upload(user, id)] });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------------------------------

const FINAL = new Set(['withdrawn', 'terminated', 'refused', 'delivered']);
const TERMINAL = new Set(['withdrawn', 'terminated', 'refused', 'completed', 'delivered']);
const OPEN_TASK = new Set(['pending', 'claimed', 'cosign']);
const KNOWN_STATUSES = new Set([
  'submitted',
  'supplement-requested',
  'supplemented',
  'accepted',
  'returned',
  'closing',
  'refused',
  'withdrawn',
  'terminated',
  'decided',
  'completed',
  'delivered',
]);

/** Intake status → the event that announces it to the other services (decided is intake's echo of approval's). */
const EVENT_OF_ACTION: Readonly<Record<string, string>> = {
  submit: 'intake.application.submitted',
  'submit-for': 'intake.application.submitted',
  'supplement-notice': 'intake.application.supplement-requested',
  supplement: 'intake.application.supplemented',
  accept: 'intake.application.accepted',
  'deem-accepted': 'intake.application.accepted',
  refuse: 'intake.application.refused',
  withdraw: 'intake.application.withdrawn',
  'withdraw-request': 'intake.application.close-requested',
  'terminate-request': 'intake.application.close-requested',
  terminate: 'intake.application.terminated',
  complete: 'intake.application.completed',
  deliver: 'intake.application.delivered',
};

/** Invariants that hold at every moment, events in flight or not. */
export async function checkAlways(d: HallDriver, m: CaseModel): Promise<void> {
  const nos = m.apps.map((a) => a.no);
  if (nos.length === 0) return;
  // 1. No licence without an approval by the deciding department.
  const licences = await d.query<{ identifier: string; application_no: string }>(
    'licence',
    'SELECT identifier, application_no FROM licence WHERE application_no = ANY($1)',
    [nos],
  );
  for (const l of licences) {
    const c = await caseOf(d, l.application_no);
    if (!c || c.status !== 'decided' || c.outcome !== 'approved') {
      fail(
        `licence ${l.identifier} exists for ${l.application_no} whose approval case is ${c ? `${c.status}/${c.outcome ?? '-'}` : 'absent'}`,
      );
    }
    if (c.decided_by?.department !== undefined && c.decided_by.department !== c.deciding_department_code) {
      fail(
        `licence for ${l.application_no}: decided by ${c.decided_by.department}, not the deciding department ${c.deciding_department_code}`,
      );
    }
  }
  // 2. Intake's status history is a path of the lifecycle: known statuses, nothing leaves a final status.
  for (const no of nos) {
    const history = await d.query<{ from_status: string | null; to_status: string; action: string }>(
      'intake',
      'SELECT from_status, to_status, action FROM status_history WHERE application_no = $1 ORDER BY id',
      [no],
    );
    let prev: string | null = null;
    for (const h of history) {
      if (!KNOWN_STATUSES.has(h.to_status)) fail(`${no}: unknown status ${h.to_status}`);
      if (h.from_status !== prev)
        fail(
          `${no}: history jumps from ${prev ?? '(none)'} to a transition starting at ${h.from_status ?? '(none)'}`,
        );
      if (prev !== null && (FINAL.has(prev) || (prev === 'completed' && h.to_status !== 'delivered')))
        fail(`${no}: ${h.action} moved a ${prev} application to ${h.to_status}`);
      prev = h.to_status;
    }
  }
}

/**
 * A task is in its department's queue (region 330102 is inside every officer's Hangzhou scope) iff it is open. Queue
 * and task live in one database, so this holds at every moment; it is read at quiescent points only to keep runs short.
 */
export async function checkQueues(d: HallDriver, m: CaseModel): Promise<void> {
  const nos = m.apps.map((a) => a.no);
  if (nos.length === 0) return;
  const tasks = await d.query<TaskRow & { application_no: string }>(
    'approval',
    'SELECT id, application_no, department_code, status FROM approval_task WHERE application_no = ANY($1)',
    [nos],
  );
  for (const dept of DEPARTMENT_CODES) {
    const queued = new Set<string>();
    for (let page = 1; ; page++) {
      const q = await d.get(DEPARTMENTS[dept].officer, '/api/approval/tasks', {
        status: 'open',
        pageSize: 100,
        page,
      });
      if (q.status !== 200) fail(`queue of ${dept}: HTTP ${q.status}`);
      const items = (q.body.items ?? []) as Array<{ id: string; applicationNo: string }>;
      for (const t of items) if (nos.includes(t.applicationNo)) queued.add(t.id);
      if (items.length < 100) break;
    }
    for (const t of tasks.filter((x) => x.department_code === dept)) {
      const open = OPEN_TASK.has(t.status);
      if (open !== queued.has(t.id))
        fail(
          `task ${t.id} of ${t.application_no} (${dept}) is ${t.status} but ${queued.has(t.id) ? 'is' : 'is not'} in the queue`,
        );
    }
  }
}

/** Invariants once every event has been delivered and handled (the hall is quiescent). */
export async function checkQuiescent(d: HallDriver, m: CaseModel): Promise<void> {
  await checkQueues(d, m);
  const dead = await d.newDeadLetters();
  if (dead.length > 0) fail(`dead letters: ${JSON.stringify(dead)}`);
  for (const a of m.apps) {
    const no = a.no;
    const intake = await intakeOf(d, no);
    const c = await caseOf(d, no);
    const tasks = await tasksOf(d, no);
    const openTasks = tasks.filter((t) => OPEN_TASK.has(t.status));
    const pause = c ? await openPauseOf(d, c.id) : undefined;
    const licences = await d.query<{ identifier: string; type_code: string }>(
      'licence',
      'SELECT identifier, type_code FROM licence WHERE application_no = $1',
      [no],
    );
    const where = `${no} (intake ${intake.status}, approval ${c ? `${c.status}${c.outcome ? `/${c.outcome}` : ''}` : 'none'})`;

    // The services agree on where the case stands.
    switch (intake.status) {
      case 'submitted':
      case 'supplement-requested':
      case 'supplemented':
      case 'refused':
        if (c) fail(`${where}: an approval case exists for an application never accepted`);
        break;
      case 'accepted':
        if (!c || !['open', 'suspended'].includes(c.status))
          fail(`${where}: an accepted application must have an open (or suspended) case`);
        break;
      case 'returned':
        if (!c || c.status !== 'returned') fail(`${where}: a returned application must have a returned case`);
        break;
      case 'closing':
      case 'decided':
        fail(`${where}: ${intake.status} must not outlast event delivery`);
        break;
      case 'withdrawn':
      case 'terminated':
        if (c && c.status !== 'closed')
          fail(`${where}: a ${intake.status} application's approval case must be closed`);
        break;
      case 'completed':
      case 'delivered':
        if (!c || c.status !== 'decided') fail(`${where}: a completed application must have a decided case`);
        break;
      default:
        fail(`${where}: unknown status`);
    }
    if (c?.status === 'returned' && intake.status !== 'returned')
      fail(`${where}: the department's return (退回补正) never reached the applicant`);

    // Licences: only after an approval, one per licence type, none for a withdrawn or terminated application.
    if (licences.length > 0 && (intake.status === 'withdrawn' || intake.status === 'terminated')) {
      fail(`${where}: ${licences.length} licence(s) issued for a ${intake.status} application`);
    }
    const types = licences.map((l) => l.type_code);
    if (new Set(types).size !== types.length)
      fail(`${where}: a licence type issued twice: ${types.join(', ')}`);
    if (
      ['completed', 'delivered'].includes(intake.status) &&
      c?.outcome === 'approved' &&
      licences.length === 0
    )
      fail(`${where}: approved and completed without licences`);

    // Terminal: no open task, no open pause, no running clock.
    if (TERMINAL.has(intake.status)) {
      if (openTasks.length > 0)
        fail(
          `${where}: terminal but tasks still open: ${openTasks.map((t) => `${t.department_code}:${t.status}`).join(', ')}`,
        );
      if (pause) fail(`${where}: terminal but a special procedure is still open`);
    }

    // Supervision: every event of the case once, in each producer's order; clocks and pauses.
    const tl = await d.get('supervisor', `/api/supervision/cases/${no}/timeline`);
    if (tl.status !== 200) fail(`${where}: supervision timeline HTTP ${tl.status}`);
    const entries = tl.body.entries as Array<{ eventId: string; type: string; source?: string }>;
    const clocks = tl.body.clocks as Array<{
      subject: string;
      kind: string;
      open: boolean;
      pausedSince: string | null;
    }>;
    const seen = new Map<string, number>();
    entries.forEach((e, i) => {
      if (seen.has(e.eventId)) fail(`${where}: event ${e.eventId} (${e.type}) twice in the timeline`);
      seen.set(e.eventId, i);
    });
    for (const service of ['intake', 'approval', 'licence'] as const) {
      const staged = await d.query<{ id: string; type: string }>(
        service,
        `SELECT id, type FROM outbox WHERE (key = $1 OR payload->>'applicationNo' = $1) ORDER BY seq`,
        [no],
      );
      let last = -1;
      let lastType = '';
      for (const ev of staged) {
        const at = seen.get(ev.id);
        if (at === undefined)
          fail(`${where}: ${service} event ${ev.type} (${ev.id}) is missing from the supervision timeline`);
        if (at < last)
          fail(`${where}: ${service} events out of order in the timeline: ${ev.type} before ${lastType}`);
        last = at;
        lastType = ev.type;
      }
    }
    // Each state change of intake is announced by its event, in the same order.
    const history = await d.query<{ action: string; to_status: string }>(
      'intake',
      'SELECT action, to_status FROM status_history WHERE application_no = $1 ORDER BY id',
      [no],
    );
    const announced = history
      .map((h) => EVENT_OF_ACTION[h.action])
      .filter((t): t is string => t !== undefined);
    const intakeTypes = entries
      .filter(
        (e) => e.type.startsWith('intake.application.') && Object.values(EVENT_OF_ACTION).includes(e.type),
      )
      .map((e) => e.type);
    if (announced.join(' → ') !== intakeTypes.join(' → ')) {
      fail(
        `${where}: intake's state changes (${announced.join(' → ')}) differ from the timeline (${intakeTypes.join(' → ')})`,
      );
    }
    // Clocks: none runs for a terminal application; an open clock is paused iff a pause is open (approval's special
    // procedure, or intake's 退回补正 waiting for the applicant).
    const pausedNow = pause !== undefined || intake.status === 'returned';
    for (const k of clocks) {
      if (!k.open) continue;
      if (TERMINAL.has(intake.status)) fail(`${where}: clock ${k.subject} still runs`);
      if (k.kind === 'acceptance') continue;
      if ((k.pausedSince !== null) !== pausedNow)
        fail(
          `${where}: clock ${k.subject} is ${k.pausedSince !== null ? 'paused' : 'running'} while ${pausedNow ? 'a pause is open' : 'no pause is open'}`,
        );
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------------------------

type Cmd = fc.AsyncCommand<CaseModel, Real>;

abstract class AppCommand implements Cmd {
  constructor(readonly pick: number) {}
  check(m: Readonly<CaseModel>): boolean {
    return m.apps.length > 0;
  }
  protected app(m: CaseModel): AppModel {
    const a = m.apps[this.pick % m.apps.length];
    if (!a) throw new Error('no application');
    return a;
  }
  async run(m: CaseModel, r: Real): Promise<void> {
    const a = this.app(m);
    const note = await this.act(m, a, r.d);
    m.steps.push(`${this.toString()} on ${a.no}${note ? `: ${note}` : ''}`);
    await checkAlways(r.d, m);
  }
  protected abstract act(m: CaseModel, a: AppModel, d: HallDriver): Promise<string | undefined>;
  abstract toString(): string;
}

/** 申报 by the applicant or 代办 by the window, then (stage) accepted and every department's approval given. */
export class Submit implements Cmd {
  constructor(
    readonly by: Submitter,
    readonly stage: Stage,
  ) {}
  check(m: Readonly<CaseModel>): boolean {
    return m.apps.length < MAX_APPS;
  }
  async run(m: CaseModel, r: Real): Promise<void> {
    const d = r.d;
    const user = this.by === 'applicant' ? APPLICANT : CLERK;
    const materials = [];
    for (const spec of d.materials.filter((x) => x.required)) {
      materials.push(
        spec.promiseAllowed
          ? {
              materialId: spec.id,
              source: 'promise' as const,
              promise: '本人承诺所填信息真实，场所符合消防安全要求。',
            }
          : { materialId: spec.id, source: 'upload' as const, fileIds: [await d.upload(user, spec.id)] },
      );
    }
    const body = {
      implementationCode: d.implementationCode,
      formData: exampleFormData(d.applicationForm, {
        entityName: '模型小馆',
        premises: '杭州市上城区清河坊 1 号',
      }),
      materials,
      ...(this.by === 'clerk' ? { applicant: WALK_IN } : {}),
    };
    const res = await d.post(user, '/api/intake/applications', body);
    expectAnswer('submit', res, 201);
    const no = String(res.body.no);
    const a: AppModel = { no, by: this.by, noticeWindowOver: false, toleranceOver: false, rated: false };
    m.apps.push(a);
    if (this.stage !== 'submitted') {
      expectAnswer(
        'accept (setup)',
        await d.post(CLERK, `/api/intake/applications/${no}/accept`, { mode: 'normal' }),
        200,
      );
      await d.settle();
    }
    if (this.stage === 'examined') {
      for (const t of await tasksOf(d, no)) {
        const dept = DEPARTMENTS[t.department_code as DepartmentCode];
        expectAnswer('claim (setup)', await d.post(dept.officer, `/api/approval/tasks/${t.id}/claim`), 'ok');
        expectAnswer(
          'complete (setup)',
          await d.post(dept.officer, `/api/approval/tasks/${t.id}/complete`, {
            verdict: 'approve',
            opinion: '经审查，符合条件。',
          }),
          'ok',
        );
        if (t.two_officials && dept.cosigner) {
          expectAnswer(
            'co-sign (setup)',
            await d.post(dept.cosigner, `/api/approval/tasks/${t.id}/complete`, {
              verdict: 'approve',
              opinion: '现场核查属实。',
            }),
            'ok',
          );
        }
      }
      await d.settle();
    }
    m.steps.push(`${this.toString()} → ${no}`);
    await checkAlways(d, m);
  }
  toString(): string {
    return `Submit(${this.by}, ${this.stage})`;
  }
}

/** 一次性告知: only from submitted, only once per application, only within the 5 working days. */
export class SupplementNotice extends AppCommand {
  protected async act(_m: CaseModel, a: AppModel, d: HallDriver) {
    const row = await intakeOf(d, a.no);
    const earlier = await d.count(
      'intake',
      `SELECT count(*)::int AS n FROM notice WHERE application_no = $1 AND kind = 'supplement'`,
      [a.no],
    );
    const material = d.materials.find((x) => x.required && !x.promiseAllowed) ?? d.materials[0];
    const res = await d.post(CLERK, `/api/intake/applications/${a.no}/supplement-notice`, {
      items: [{ materialId: material?.id ?? '', problem: '复印件不清晰，请重新上传' }],
    });
    const allowed = row.status === 'submitted' && earlier === 0 && !a.noticeWindowOver;
    expectAnswer(`supplement notice (${row.status})`, res, allowed ? 200 : [409]);
    if (allowed && res.body.status !== 'supplement-requested')
      fail(`supplement notice left the application ${String(res.body.status)}`);
    return `${row.status} → ${res.status}`;
  }
  toString() {
    return `SupplementNotice(#${this.pick})`;
  }
}

/** The applicant (or the window for a walk-in) answers the one-time notice, a department's return, or 容缺. */
export class Supplement extends AppCommand {
  protected async act(_m: CaseModel, a: AppModel, d: HallDriver) {
    const row = await intakeOf(d, a.no);
    const toleranceOpen =
      row.status === 'accepted' && row.acceptance_mode === 'tolerance' && row.tolerance_satisfied_at === null;
    const allowed =
      row.status === 'supplement-requested' ||
      row.status === 'returned' ||
      (toleranceOpen && !a.toleranceOver);
    let ids = allowed || toleranceOpen ? await wantedMaterials(d, a.no, row) : [];
    if (ids.length === 0) ids = [d.materials.find((x) => x.required && !x.promiseAllowed)?.id ?? ''];
    const res = await d.post(
      a.by === 'applicant' ? APPLICANT : CLERK,
      `/api/intake/applications/${a.no}/supplement`,
      { materials: await materialInputs(d, a.by, ids) },
    );
    expectAnswer(`supplement (${row.status}${toleranceOpen ? ', 容缺 owed' : ''})`, res, allowed ? 200 : 409);
    if (allowed) {
      const expected = row.status === 'supplement-requested' ? ['supplemented'] : ['accepted'];
      if (!expected.includes(String(res.body.status)))
        fail(
          `supplement from ${row.status} led to ${String(res.body.status)}, expected ${expected.join('/')}`,
        );
    }
    return `${row.status} → ${res.status}`;
  }
  toString() {
    return `Supplement(#${this.pick})`;
  }
}

/** 受理 normal or 容缺 (a non-main material owed, with the applicant's promise). */
export class Accept extends AppCommand {
  constructor(
    pick: number,
    readonly mode: 'normal' | 'tolerance',
  ) {
    super(pick);
  }
  protected async act(_m: CaseModel, a: AppModel, d: HallDriver) {
    const row = await intakeOf(d, a.no);
    const owed = d.materials.find((x) => !x.main);
    const mode = this.mode === 'tolerance' && owed ? 'tolerance' : 'normal';
    const body =
      mode === 'tolerance'
        ? {
            mode,
            missingMaterialIds: [owed?.id ?? ''],
            promise: '本人承诺在期限内补齐材料。',
            supplyWithinDays: 5,
          }
        : { mode };
    const res = await d.post(CLERK, `/api/intake/applications/${a.no}/accept`, body);
    const allowed = row.status === 'submitted' || row.status === 'supplemented';
    expectAnswer(`accept ${mode} (${row.status})`, res, allowed ? 200 : 409);
    if (allowed && res.body.status !== 'accepted')
      fail(`accept left the application ${String(res.body.status)}`);
    return `${row.status} → ${res.status}`;
  }
  toString() {
    return `Accept(#${this.pick}, ${this.mode})`;
  }
}

/**
 * Time passes (the application's deadline is moved into the past in intake's database — the hall runs on the real
 * clock) and the scheduler runs (POST /api/intake/jobs/run): `notice-window` → 视为受理 (AL art. 32) of a submitted
 * application; `tolerance` → 容缺 materials not supplied in time → 终止.
 */
export class TimePasses extends AppCommand {
  constructor(
    pick: number,
    readonly rule: 'notice-window' | 'tolerance',
  ) {
    super(pick);
  }
  protected async act(_m: CaseModel, a: AppModel, d: HallDriver) {
    const before = await intakeOf(d, a.no);
    if (this.rule === 'notice-window') {
      await d.query(
        'intake',
        `UPDATE application SET supplement_due_by = now() - interval '1 minute' WHERE no = $1`,
        [a.no],
      );
      a.noticeWindowOver = true;
    } else {
      await d.query(
        'intake',
        `UPDATE application SET tolerance_supply_by = now() - interval '1 minute' WHERE no = $1 AND tolerance_supply_by IS NOT NULL`,
        [a.no],
      );
      if (before.acceptance_mode === 'tolerance') a.toleranceOver = true;
    }
    const res = await d.post('admin', '/api/intake/jobs/run');
    expectAnswer('jobs/run', res, 200);
    const failed = res.body.failed as unknown[];
    if (failed.length > 0) fail(`scheduler failed: ${JSON.stringify(failed)}`);
    const after = await intakeOf(d, a.no);
    if (this.rule === 'notice-window') {
      const expected = before.status === 'submitted' ? 'accepted' : before.status;
      if (after.status !== expected)
        fail(`deemed acceptance: ${before.status} → ${after.status}, expected ${expected}`);
    } else {
      const owed = before.acceptance_mode === 'tolerance' && before.tolerance_satisfied_at === null;
      // 容缺 termination after acceptance is settled by approval (closing), like a withdrawal. While a department's
      // return waits for the applicant, either is accepted here (the invariants judge the outcome).
      const expected =
        owed && before.status === 'accepted'
          ? ['closing', 'terminated']
          : owed && before.status === 'returned'
            ? ['returned', 'closing', 'terminated']
            : [before.status];
      if (!expected.includes(after.status))
        fail(`容缺 termination: ${before.status} → ${after.status}, expected ${expected.join('/')}`);
    }
    return `${before.status} → ${after.status}`;
  }
  toString() {
    return `TimePasses(#${this.pick}, ${this.rule})`;
  }
}

/** 不予受理. */
export class Refuse extends AppCommand {
  protected async act(_m: CaseModel, a: AppModel, d: HallDriver) {
    const row = await intakeOf(d, a.no);
    const res = await d.post(CLERK, `/api/intake/applications/${a.no}/refuse`, {
      reasons: '申请事项不属于本机关职权范围。',
    });
    const allowed = ['submitted', 'supplemented', 'supplement-requested'].includes(row.status);
    expectAnswer(`refuse (${row.status})`, res, allowed ? 200 : 409);
    return `${row.status} → ${res.status}`;
  }
  toString() {
    return `Refuse(#${this.pick})`;
  }
}

/**
 * 撤回 at any point: immediate before acceptance (200 withdrawn); after acceptance a request approval settles
 * (202 closing); refused once decided.
 */
export class Withdraw extends AppCommand {
  protected async act(_m: CaseModel, a: AppModel, d: HallDriver) {
    const row = await intakeOf(d, a.no);
    const c = await caseOf(d, a.no);
    const res = await d.post(
      a.by === 'applicant' ? APPLICANT : CLERK,
      `/api/intake/applications/${a.no}/withdraw`,
      { reason: '不再需要' },
    );
    if (['submitted', 'supplement-requested', 'supplemented'].includes(row.status)) {
      expectAnswer(`withdraw (${row.status})`, res, 200);
      if (res.body.status !== 'withdrawn') fail(`withdraw before acceptance left ${String(res.body.status)}`);
    } else if (row.status === 'accepted' || row.status === 'returned') {
      // Intended: 202 closing. A 200 withdrawn (withdrawal committed at once) is judged by the invariants.
      expectAnswer(`withdraw (${row.status}, approval ${c?.status ?? 'none'})`, res, [200, 202]);
      const s = String(res.body.status);
      if (!['closing', 'withdrawn'].includes(s)) fail(`withdraw after acceptance left ${s}`);
    } else if (row.status === 'closing') {
      expectAnswer('withdraw (closing)', res, [202, 409]);
    } else {
      expectAnswer(`withdraw (${row.status})`, res, 409);
    }
    return `${row.status} → ${res.status} ${JSON.stringify(res.body.status ?? res.body.code ?? '')}`;
  }
  toString() {
    return `Withdraw(#${this.pick})`;
  }
}

/** One department's next step on its task: claim it, complete it with a verdict, or co-sign (second official). */
export class Work extends AppCommand {
  constructor(
    pick: number,
    readonly dept: DepartmentCode,
    readonly verdict: 'approve' | 'deny' | 'return',
  ) {
    super(pick);
  }
  protected async act(_m: CaseModel, a: AppModel, d: HallDriver) {
    const c = await caseOf(d, a.no);
    const t = (await tasksOf(d, a.no)).find((x) => x.department_code === this.dept);
    if (!c || !t) return 'no task yet';
    const who = DEPARTMENTS[this.dept];
    const closed = c.status === 'decided' || c.status === 'closed';
    if (t.status === 'pending') {
      const res = await d.post(who.officer, `/api/approval/tasks/${t.id}/claim`);
      expectAnswer(`claim (${t.status}, case ${c.status})`, res, closed ? 409 : 200);
      return `claim ${res.status}`;
    }
    if (t.status === 'claimed') {
      if (t.assignee_id !== (await userIdOf(d, who.officer))) fail(`task ${t.id} claimed by someone else`);
      const body = {
        verdict: this.verdict,
        opinion: this.verdict === 'approve' ? '经审查，符合条件。' : '材料不符合要求，请补正。',
      };
      const items =
        this.verdict === 'return'
          ? {
              items: [
                {
                  materialId: d.materials.find((x) => x.required && !x.promiseAllowed)?.id ?? '',
                  problem: '平面图不清晰',
                },
              ],
            }
          : {};
      let res = await d.post(who.officer, `/api/approval/tasks/${t.id}/complete`, { ...body, ...items });
      if (res.status === 400 && this.verdict === 'return')
        res = await d.post(who.officer, `/api/approval/tasks/${t.id}/complete`, body);
      const refused = closed || (this.verdict === 'return' && c.status === 'suspended');
      expectAnswer(`complete ${this.verdict} (case ${c.status})`, res, refused ? 409 : 200);
      if (!refused) {
        const expected = t.two_officials ? 'cosign' : 'completed';
        if (res.body.status !== expected)
          fail(`complete: task ${String(res.body.status)}, expected ${expected}`);
      }
      return `complete ${this.verdict} ${res.status}`;
    }
    if (t.status === 'cosign' && who.cosigner) {
      const res = await d.post(who.cosigner, `/api/approval/tasks/${t.id}/complete`, {
        verdict: t.pending_verdict ?? 'approve',
        opinion: '现场核查属实。',
      });
      const refused = closed || (t.pending_verdict === 'return' && c.status === 'suspended');
      expectAnswer(`co-sign (case ${c.status})`, res, refused ? 409 : 200);
      return `co-sign ${t.pending_verdict ?? ''} ${res.status}`;
    }
    // A finished task: completing it again is refused.
    const res = await d.post(who.officer, `/api/approval/tasks/${t.id}/complete`, {
      verdict: 'approve',
      opinion: '再次提交',
    });
    expectAnswer(`complete a ${t.status} task`, res, 409);
    return `again ${res.status}`;
  }
  toString() {
    return `Work(#${this.pick}, ${this.dept}, ${this.verdict})`;
  }
}

/** The deciding department decides: only an open case whose every task is finished. */
export class Decide extends AppCommand {
  constructor(
    pick: number,
    readonly outcome: 'approved' | 'denied',
  ) {
    super(pick);
  }
  protected async act(_m: CaseModel, a: AppModel, d: HallDriver) {
    const c = await caseOf(d, a.no);
    if (!c) return 'no case yet';
    const tasks = await tasksOf(d, a.no);
    const res = await d.post('approver.market', `/api/approval/cases/${a.no}/decide`, {
      outcome: this.outcome,
      reasons: this.outcome === 'denied' ? '经审查，经营场所不符合消防安全要求。' : '',
    });
    const allowed =
      c.status === 'open' && tasks.every((t) => t.role === 'escalated' || t.status === 'completed');
    expectAnswer(
      `decide ${this.outcome} (case ${c.status}, tasks ${tasks.map((t) => t.status).join('/')})`,
      res,
      allowed ? 200 : 409,
    );
    return `${c.status} → ${res.status}`;
  }
  toString() {
    return `Decide(#${this.pick}, ${this.outcome})`;
  }
}

/** 特别程序: the deciding department starts a hearing, or ends the open one. */
export class Pause extends AppCommand {
  protected async act(_m: CaseModel, a: AppModel, d: HallDriver) {
    const c = await caseOf(d, a.no);
    if (!c) return 'no case yet';
    const open = await openPauseOf(d, c.id);
    if (open?.kind === 'supplement') {
      // Ended by the applicant's answer only, never by an officer.
      const res = await d.post(
        'approver.market',
        `/api/approval/cases/${a.no}/special-procedures/${open.id}/end`,
        { result: '结束' },
      );
      expectAnswer('end the 退回补正 pause as an officer', res, [403, 409]);
      return `end supplement pause ${res.status}`;
    }
    if (open) {
      const res = await d.post(
        'approver.market',
        `/api/approval/cases/${a.no}/special-procedures/${open.id}/end`,
        { result: '听证结束，申请人陈述属实。' },
      );
      expectAnswer(`end hearing (case ${c.status})`, res, c.status === 'suspended' ? 200 : 409);
      return `end ${res.status}`;
    }
    const res = await d.post('approver.market', `/api/approval/cases/${a.no}/special-procedures`, {
      kind: 'hearing',
      reason: '涉及相邻权利人重大利益，依申请举行听证。',
    });
    expectAnswer(`start hearing (case ${c.status})`, res, c.status === 'open' ? 201 : 409);
    return `start ${res.status}`;
  }
  toString() {
    return `Pause(#${this.pick})`;
  }
}

/** The issuing department suspends (暂扣) or revokes (撤销) one of the application's licences. */
export class LicenceAction extends AppCommand {
  constructor(
    pick: number,
    readonly which: number,
    readonly action: 'suspend' | 'revoke',
  ) {
    super(pick);
  }
  protected async act(_m: CaseModel, a: AppModel, d: HallDriver) {
    const licences = await d.query<{ identifier: string; status: string; department_code: string }>(
      'licence',
      'SELECT identifier, status, department_code FROM licence WHERE application_no = $1 ORDER BY identifier',
      [a.no],
    );
    const l = licences[this.which % Math.max(1, licences.length)];
    if (!l) return 'no licence';
    const officer = DEPARTMENTS[l.department_code as DepartmentCode]?.officer;
    if (!officer) return `licence of ${l.department_code}`;
    const res = await d.post(officer, `/api/licence/licences/${l.identifier}/${this.action}`, {
      reason: '经营场所存在重大安全隐患。',
    });
    const allowed =
      this.action === 'suspend' ? l.status === 'valid' : ['valid', 'suspended'].includes(l.status);
    expectAnswer(`${this.action} a ${l.status} licence`, res, allowed ? 200 : 409);
    return `${l.status} → ${res.status}`;
  }
  toString() {
    return `LicenceAction(#${this.pick}, ${this.which}, ${this.action})`;
  }
}

/** 出件 at the window with the pickup code: only a completed application. */
export class DeliverResult extends AppCommand {
  protected async act(_m: CaseModel, a: AppModel, d: HallDriver) {
    const row = await intakeOf(d, a.no);
    // The applicant (or, for a walk-in, the message sent to them) tells the window the code; only the owner's view shows it.
    const [code] = await d.query<{ pickup_code: string | null }>(
      'intake',
      'SELECT pickup_code FROM application WHERE no = $1',
      [a.no],
    );
    const pickupCode = code?.pickup_code ?? '000000';
    const res = await d.post(CLERK, `/api/intake/applications/${a.no}/deliver`, {
      method: 'window',
      pickupCode,
    });
    expectAnswer(`deliver (${row.status})`, res, row.status === 'completed' ? 200 : 409);
    return `${row.status} → ${res.status}`;
  }
  toString() {
    return `DeliverResult(#${this.pick})`;
  }
}

/** 好差评 by the applicant: once, after supervision saw the case completed. */
export class Rate extends AppCommand {
  override check(m: Readonly<CaseModel>): boolean {
    return m.apps.some((a) => a.by === 'applicant');
  }
  protected override app(m: CaseModel): AppModel {
    const mine = m.apps.filter((a) => a.by === 'applicant');
    const a = mine[this.pick % mine.length];
    if (!a) throw new Error('no application of the applicant');
    return a;
  }
  protected async act(_m: CaseModel, a: AppModel, d: HallDriver) {
    const [sup] = await d.query<{ completed_at: Date | null }>(
      'supervision',
      'SELECT completed_at FROM supervised_case WHERE application_no = $1',
      [a.no],
    );
    const res = await d.post(APPLICANT, '/api/supervision/ratings', {
      applicationNo: a.no,
      level: 1,
      comment: '办事很顺利',
    });
    const allowed = sup?.completed_at != null && !a.rated;
    expectAnswer(
      `rate (supervision ${sup ? (sup.completed_at ? 'completed' : 'open') : 'unknown'}, rated ${a.rated})`,
      res,
      allowed ? 'ok' : [404, 409],
    );
    if (allowed) a.rated = true;
    return `${res.status}`;
  }
  toString() {
    return `Rate(#${this.pick})`;
  }
}

/** The oldest held event batch is delivered to every consumer. */
export class DeliverNext implements Cmd {
  check(): boolean {
    return true;
  }
  async run(m: CaseModel, r: Real): Promise<void> {
    const any = await r.d.transport.deliverNext();
    m.steps.push(`DeliverNext${any ? '' : ' (nothing held)'}`);
    await checkAlways(r.d, m);
  }
  toString() {
    return 'DeliverNext';
  }
}

/** Everything held is delivered (stopped consumers restart); then the quiescent invariants. */
export class DeliverAll implements Cmd {
  check(): boolean {
    return true;
  }
  async run(m: CaseModel, r: Real): Promise<void> {
    await r.d.settle();
    m.steps.push('DeliverAll');
    await checkAlways(r.d, m);
    await checkQuiescent(r.d, m);
  }
  toString() {
    return 'DeliverAll';
  }
}

/** An already delivered event of this run reaches one of its consumer groups again. */
export class Duplicate implements Cmd {
  constructor(
    readonly which: number,
    readonly group: number,
  ) {}
  check(m: Readonly<CaseModel>): boolean {
    return m.apps.length > 0;
  }
  async run(m: CaseModel, r: Real): Promise<void> {
    const nos = m.apps.map((a) => a.no);
    const ours = r.d.transport.delivered.filter((msg) =>
      nos.some((no) => msg.key === no || msg.value.includes(no)),
    );
    const msg = ours[this.which % Math.max(1, ours.length)];
    if (msg) {
      const groups = r.d.transport
        .consumerGroupsOf(msg.topic)
        .filter((g) => !r.d.stoppedServices.includes(g as ConsumingService));
      const g = groups[this.group % Math.max(1, groups.length)];
      if (g) await r.d.transport.redeliver(g, msg);
      m.steps.push(`Duplicate ${msg.headers['event-type'] ?? msg.topic} → ${g ?? 'nobody'}`);
    } else {
      m.steps.push('Duplicate (nothing delivered yet)');
    }
    await checkAlways(r.d, m);
  }
  toString() {
    return `Duplicate(${this.which}, ${this.group})`;
  }
}

/** A service's consumers crash (events pile up) or come back (redelivering the last one they handled). */
export class Restart implements Cmd {
  constructor(readonly service: ConsumingService) {}
  check(): boolean {
    return true;
  }
  async run(m: CaseModel, r: Real): Promise<void> {
    const down = r.d.stoppedServices.includes(this.service);
    if (down) await r.d.restartConsumers(this.service);
    else await r.d.stopConsumers(this.service);
    m.steps.push(`${this.service} consumers ${down ? 'restarted' : 'stopped'}`);
    await checkAlways(r.d, m);
  }
  toString() {
    return `Restart(${this.service})`;
  }
}

const pick = fc.nat({ max: MAX_APPS - 1 });

const verdict = fc.constantFrom<'approve' | 'deny' | 'return'>('approve', 'approve', 'deny', 'return');

/** Every command by name, with its weight (how often it is drawn relative to the others). */
const COMMANDS: ReadonlyArray<{ name: string; weight: number; arb: fc.Arbitrary<Cmd> }> = [
  {
    name: 'Submit',
    weight: 1,
    arb: fc
      .record({
        by: fc.constantFrom<Submitter>('applicant', 'clerk'),
        stage: fc.constantFrom<Stage>('submitted', 'submitted', 'accepted', 'examined'),
      })
      .map(({ by, stage }) => new Submit(by, stage)),
  },
  { name: 'SupplementNotice', weight: 1, arb: pick.map((p) => new SupplementNotice(p)) },
  { name: 'Supplement', weight: 1, arb: pick.map((p) => new Supplement(p)) },
  {
    name: 'Accept',
    weight: 1,
    arb: fc
      .tuple(pick, fc.constantFrom<'normal' | 'tolerance'>('normal', 'tolerance'))
      .map(([p, mode]) => new Accept(p, mode)),
  },
  {
    name: 'TimePasses',
    weight: 1,
    arb: fc
      .tuple(pick, fc.constantFrom<'notice-window' | 'tolerance'>('notice-window', 'tolerance'))
      .map(([p, rule]) => new TimePasses(p, rule)),
  },
  { name: 'Refuse', weight: 1, arb: pick.map((p) => new Refuse(p)) },
  { name: 'Withdraw', weight: 1, arb: pick.map((p) => new Withdraw(p)) },
  {
    name: 'Work',
    weight: 3,
    arb: fc
      .tuple(pick, fc.constantFrom(...DEPARTMENT_CODES), verdict)
      .map(([p, dept, v]) => new Work(p, dept, v)),
  },
  {
    name: 'Decide',
    weight: 1,
    arb: fc
      .tuple(pick, fc.constantFrom<'approved' | 'denied'>('approved', 'approved', 'denied'))
      .map(([p, o]) => new Decide(p, o)),
  },
  { name: 'Pause', weight: 1, arb: pick.map((p) => new Pause(p)) },
  {
    name: 'LicenceAction',
    weight: 1,
    arb: fc
      .tuple(pick, fc.nat({ max: 2 }), fc.constantFrom<'suspend' | 'revoke'>('suspend', 'revoke'))
      .map(([p, w, act]) => new LicenceAction(p, w, act)),
  },
  { name: 'DeliverResult', weight: 1, arb: pick.map((p) => new DeliverResult(p)) },
  { name: 'Rate', weight: 1, arb: pick.map((p) => new Rate(p)) },
  { name: 'DeliverNext', weight: 2, arb: fc.constant(new DeliverNext()) },
  { name: 'DeliverAll', weight: 2, arb: fc.constant(new DeliverAll()) },
  {
    name: 'Duplicate',
    weight: 1,
    arb: fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: 3 })).map(([w, g]) => new Duplicate(w, g)),
  },
  { name: 'Restart', weight: 1, arb: fc.constantFrom(...CONSUMING_SERVICES).map((s) => new Restart(s)) },
];

/** The command arbitraries for fc.commands, without the commands named in `skip` (e.g. MODEL_SKIP=Withdraw,Restart). */
export function commandArbitraries(skip: readonly string[] = []): Array<fc.Arbitrary<Cmd>> {
  const unknown = skip.filter((n) => !COMMANDS.some((c) => c.name === n));
  if (unknown.length > 0) throw new Error(`unknown commands to skip: ${unknown.join(', ')}`);
  return COMMANDS.filter((c) => !skip.includes(c.name)).flatMap((c) =>
    Array.from({ length: c.weight }, () => c.arb),
  );
}
