import { chinaCalendar } from '@hall/calendar';
import { SupervisionSettings } from '../config/supervision.settings.js';
import { matterNoOf, projectMatter, touchedWorkingDays, type MatterEvent } from './matter.projection.js';

const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const settings = SupervisionSettings.parse({});
const ctx = (now: string) => ({ calendar: chinaCalendar, now: at(now), settings });

const base = (receivedOn: string, occurredAt: string) => ({
  requestId: '7a0d4c4e-53f4-4b1a-9a4b-2f5a3e1c9d10',
  requestNo: '330100-SCJG/2026-YSQ-00009',
  departmentCode: 'market-regulation',
  agencyCode: '330100-SCJG',
  regionCode: '330100',
  channel: 'online',
  applicantKind: 'person',
  receivedAt: at(`${receivedOn} 00:00`).toISOString(),
  receivedOn,
  limitWorkingDays: 20,
  dueBy: at(occurredAt).toISOString(),
  pauses: [],
  occurredAt: at(occurredAt).toISOString(),
  actor: { userId: 'u', name: '王', role: 'officer' },
});
const ev = (type: string, occurredAt: string, payload: object): MatterEvent => ({
  eventId: `${type}-${occurredAt}`,
  type: `disclosure.request.${type}`,
  occurredAt: at(occurredAt),
  payload,
});

describe('projectMatter (依申请公开)', () => {
  it('counts 20 working days from the receipt day across the National Day holidays', () => {
    const row = projectMatter(
      'N',
      [ev('received', '2026-09-28 10:00', base('2026-09-28', '2026-09-28 10:00'))],
      ctx('2026-10-09 12:00'),
    );
    // 09-29, 09-30, [10-01..07], 10-08 … 10-30 is the 20th working day (10-10 a make-up Saturday).
    expect(row?.dueAt.toISOString()).toBe(new Date('2026-10-30T23:59:59.999+08:00').toISOString());
    expect(row).toMatchObject({ usedDays: 4, level: 'green', status: 'open', open: true, pausedDays: 0 });
  });

  it('stands still while a 补正 is awaited and restarts from the corrected receipt', () => {
    const pause = { kind: 'correction', startedAt: at('2026-09-30 10:00').toISOString(), endedAt: null };
    const history = [
      ev('received', '2026-09-28 10:00', base('2026-09-28', '2026-09-28 10:00')),
      ev('correction-requested', '2026-09-30 10:00', {
        ...base('2026-09-28', '2026-09-30 10:00'),
        pause,
        correctionDueBy: at('2026-10-20 10:00').toISOString(),
      }),
    ];
    const waiting = projectMatter('N', history, ctx('2026-10-20 12:00'));
    expect(waiting).toMatchObject({ status: 'correction', usedDays: 1, level: 'green' });
    expect(waiting?.pausedSince?.toISOString()).toBe(pause.startedAt);
    const done = projectMatter(
      'N',
      [
        ...history,
        ev('corrected', '2026-10-09 10:00', {
          ...base('2026-10-09', '2026-10-09 10:00'),
          pause: { ...pause, endedAt: at('2026-10-09 10:00').toISOString() },
        }),
      ],
      ctx('2026-10-12 12:00'),
    );
    expect(done).toMatchObject({ status: 'open', usedDays: 2, pausedDays: 3, pausedSince: null });
    expect(done?.startedAt.toISOString()).toBe(at('2026-10-09 00:00').toISOString());
  });

  it('closes an open pause when the request ends: a 收费通知 withdrawn from, a 补正 answered over', () => {
    const feePause = { kind: 'fee', startedAt: at('2026-11-02 10:00').toISOString(), endedAt: null };
    const notified = [
      ev('received', '2026-10-26 10:00', base('2026-10-26', '2026-10-26 10:00')),
      ev('fee-notified', '2026-11-02 10:00', {
        ...base('2026-10-26', '2026-11-02 10:00'),
        pause: feePause,
        feeYuan: 100,
        paymentDueBy: at('2026-11-30 10:00').toISOString(),
      }),
    ];
    const withdrawn = [
      ...notified,
      ev('withdrawn', '2026-11-04 10:00', { ...base('2026-10-26', '2026-11-04 10:00'), reason: 'applicant' }),
    ];
    // A month later, nothing still runs: the pause ended with the request, its working days are fixed.
    const later = projectMatter('N', withdrawn, ctx('2026-12-04 12:00'));
    expect(later).toMatchObject({
      status: 'withdrawn',
      open: false,
      pausedSince: null,
      outcome: 'applicant',
    });
    expect(later?.pauses).toEqual([
      {
        kind: 'fee',
        startedAt: feePause.startedAt,
        endedAt: at('2026-11-04 10:00').toISOString(),
        workingDays: 3,
      },
    ]);
    expect(later?.pausedDays).toBe(3);
    expect(later?.clockPauses.every((p) => p.end !== null)).toBe(true);
    expect(projectMatter('N', withdrawn, ctx('2026-11-05 12:00'))?.pausedDays).toBe(3);

    const corrPause = { kind: 'correction', startedAt: at('2026-10-28 10:00').toISOString(), endedAt: null };
    const answered = projectMatter(
      'N',
      [
        ev('received', '2026-10-26 10:00', base('2026-10-26', '2026-10-26 10:00')),
        ev('correction-requested', '2026-10-28 10:00', {
          ...base('2026-10-26', '2026-10-28 10:00'),
          pause: corrPause,
          correctionDueBy: at('2026-11-20 10:00').toISOString(),
        }),
        ev('answered', '2026-10-29 10:00', {
          ...base('2026-10-26', '2026-10-29 10:00'),
          answerType: 'not-exist',
          answeredAt: at('2026-10-29 10:00').toISOString(),
          overdue: false,
          feeYuan: 0,
        }),
      ],
      ctx('2026-12-04 12:00'),
    );
    expect(answered).toMatchObject({ status: 'answered', open: false, pausedSince: null, pausedDays: 2 });
    expect(answered?.pauses[0]?.endedAt).toBe(at('2026-10-29 10:00').toISOString());
  });
});

describe('matterNoOf and touchedWorkingDays', () => {
  it('finds the number of request and enquiry events only', () => {
    expect(matterNoOf('disclosure.request.received', { requestNo: 'R-1' })).toBe('R-1');
    expect(matterNoOf('intake.enquiry.received', { enquiryNo: 'ZX20261206000001' })).toBe('ZX20261206000001');
    expect(matterNoOf('intake.application.submitted', { applicationNo: 'A' })).toBeNull();
  });

  it('counts the working days an interval touches, holidays not', () => {
    expect(touchedWorkingDays(chinaCalendar, at('2026-09-30 10:00'), at('2026-10-09 10:00'))).toBe(3);
    expect(touchedWorkingDays(chinaCalendar, at('2026-10-13 09:00'), at('2026-10-15 17:00'))).toBe(3);
    expect(touchedWorkingDays(chinaCalendar, at('2026-12-06 09:00'), at('2026-12-06 17:00'))).toBe(0);
  });
});

describe('projectMatter (咨询投诉)', () => {
  const no = 'TS20261012000001';
  const enquiry = (type: string, occurredAt: string, dueOn: string, extra: object = {}): MatterEvent => ({
    eventId: `${type}-${occurredAt}`,
    type: `intake.enquiry.${type}`,
    occurredAt: at(occurredAt),
    payload: {
      enquiryNo: no,
      type: 'complaint',
      regionCode: '330106',
      departmentCode: 'market-regulation',
      dueBy: at(`${dueOn} 23:59`).toISOString().replace(':00.000Z', ':59.999Z'),
      occurredAt: at(occurredAt).toISOString(),
      actor: null,
      ...extra,
    },
  });
  // A complaint sent Mon 10-12: 10 working days → Mon 10-26.
  const answered = [
    enquiry('received', '2026-10-12 10:00', '2026-10-26', { implementationCode: null, applicationNo: null }),
    enquiry('routed', '2026-10-12 11:00', '2026-10-26', { transfer: false, reason: null }),
    enquiry('answered', '2026-10-14 10:00', '2026-10-26', { onTime: true, followUp: false }),
  ];
  const unsatisfied = [
    ...answered,
    enquiry('rated', '2026-10-15 10:00', '2026-10-26', { rating: 'unsatisfied', review: true }),
  ];

  it('waits for the service centre’s 复核 with its clock stopped after an unsatisfied complaint', () => {
    const row = projectMatter(no, unsatisfied, ctx('2026-11-20 12:00'));
    expect(row).toMatchObject({
      status: 'review',
      open: false,
      level: 'green',
      onTime: true,
      outcome: 'unsatisfied',
    });
  });

  it('closes on an upheld answer and starts a new round on a re-answer', () => {
    const upheld = projectMatter(
      no,
      [
        ...unsatisfied,
        enquiry('reviewed', '2026-10-16 10:00', '2026-10-26', { decision: 'upheld', note: '维持' }),
      ],
      ctx('2026-11-20 12:00'),
    );
    expect(upheld).toMatchObject({ status: 'closed', open: false, outcome: 'upheld', level: 'green' });
    // Sent back Fri 10-16: a new round of 10 working days → Fri 10-30; unanswered on Mon 11-02 it is red.
    const back = projectMatter(
      no,
      [
        ...unsatisfied,
        enquiry('reviewed', '2026-10-16 10:00', '2026-10-30', { decision: 'reanswer', note: '重答' }),
      ],
      ctx('2026-11-02 12:00'),
    );
    expect(back).toMatchObject({ status: 'open', open: true, level: 'red', usedDays: 11, onTime: null });
    expect(back?.startedAt.toISOString()).toBe(at('2026-10-16 10:00').toISOString());
    expect(back?.dueAt.toISOString()).toBe(new Date('2026-10-30T23:59:59.999+08:00').toISOString());
  });

  it("reads the limit from intake's due date: a configured 3 working days, not the default 10", () => {
    const short = [
      enquiry('received', '2026-10-12 10:00', '2026-10-15', {
        implementationCode: null,
        applicationNo: null,
      }),
      enquiry('routed', '2026-10-12 11:00', '2026-10-15', { transfer: false, reason: null }),
    ];
    expect(projectMatter(no, short, ctx('2026-10-15 12:00'))).toMatchObject({
      limitDays: 3,
      level: 'yellow',
    });
    expect(projectMatter(no, short, ctx('2026-10-16 12:00'))).toMatchObject({ limitDays: 3, level: 'red' });
    // An approved extension moves the due date: 2 more working days → Mon 10-19.
    const extended = [
      ...short,
      enquiry('extended', '2026-10-14 10:00', '2026-10-19', {
        extensionDays: 2,
        reason: '需核查',
        previousDueBy: at('2026-10-15 23:59').toISOString(),
      }),
    ];
    const row = projectMatter(no, extended, ctx('2026-10-16 12:00'));
    expect(row).toMatchObject({ limitDays: 5, extensionDays: 2, usedDays: 4 });
    expect(row?.level).not.toBe('red');
    expect(row?.dueAt.toISOString()).toBe(new Date('2026-10-19T23:59:59.999+08:00').toISOString());
  });
});

describe('projectMatter (主动公开 publication deadline)', () => {
  const NO = '330100-SCJG/2026-JC-00003';
  const item = (type: string, occurredAt: string, over: object = {}): MatterEvent => ({
    eventId: `item-${type}-${occurredAt}`,
    type: `disclosure.item.${type}`,
    occurredAt: at(occurredAt),
    payload: {
      itemId: '5b0e1f2a-8c3d-4e5f-9a6b-7c8d9e0f1a2b',
      indexNo: NO,
      departmentCode: 'market-regulation',
      title: '关于开展食品安全检查的通知',
      openCategory: 'decision',
      keyArea: null,
      writtenOn: '2026-09-28',
      dueAt: at('2026-10-30 23:59').toISOString(),
      version: 1,
      occurredAt: at(occurredAt).toISOString(),
      actor: { userId: 'u', name: '王', role: 'approver' },
      ...over,
    },
  });

  it('counts 20 working days from the 成文日期 (not counted) across 国庆; yellow from 18, red from 21', () => {
    const history = [item('drafted', '2026-09-28 10:00', { edited: false })];
    expect(matterNoOf('disclosure.item.drafted', history[0]?.payload)).toBe(NO);
    const row = projectMatter(NO, history, ctx('2026-10-27 12:00'));
    expect(row).toMatchObject({
      kind: 'disclosure-item',
      subKind: 'item',
      regionCode: '330100', // from the 索引号: this event has no regionCode
      status: 'open',
      open: true,
      usedDays: 17,
      level: 'green',
      onTime: null,
    });
    expect(row?.dueAt.toISOString()).toBe(new Date('2026-10-30T23:59:59.999+08:00').toISOString());
    expect(projectMatter(NO, history, ctx('2026-10-28 12:00'))?.level).toBe('yellow');
    expect(projectMatter(NO, history, ctx('2026-11-02 09:00'))).toMatchObject({ usedDays: 21, level: 'red' });
  });

  it('stops at the first publication; a correction and a withdrawal after it change neither clock nor verdict', () => {
    const history = [
      item('drafted', '2026-09-28 10:00', { edited: false, regionCode: '330106' }),
      item('submitted', '2026-10-29 10:00', { note: null }),
      item('published', '2026-10-30 16:00', { publishedOn: '2026-10-30', overdue: false, corrected: false }),
      item('published', '2026-11-05 10:00', { publishedOn: '2026-10-30', overdue: false, corrected: true }),
      item('withdrawn', '2026-11-20 10:00', { reason: '已失效' }),
    ];
    const row = projectMatter(NO, [...history].reverse(), ctx('2026-12-01 09:00'));
    expect(row).toMatchObject({
      regionCode: '330106',
      status: 'withdrawn',
      open: false,
      usedDays: 20,
      level: 'green',
      onTime: true,
      outcome: 'withdrawn',
    });
    expect(row?.stoppedAt?.toISOString()).toBe(at('2026-10-30 16:00').toISOString());
  });

  it('follows a 成文日期 moved by an edit of the draft, and reads a published-only history as a stopped clock', () => {
    const edited = projectMatter(
      NO,
      [
        item('drafted', '2026-10-09 10:00', { edited: false, writtenOn: '2026-10-09' }),
        item('drafted', '2026-10-13 10:00', { edited: true, writtenOn: '2026-10-12' }),
      ],
      ctx('2026-10-14 12:00'),
    );
    expect(edited?.startedAt.toISOString()).toBe(at('2026-10-12 00:00').toISOString());
    expect(edited?.dueAt.toISOString()).toBe(new Date('2026-11-09T23:59:59.999+08:00').toISOString());
    const seeded = projectMatter(
      NO,
      [item('published', '2026-11-03 10:00', { publishedOn: '2026-11-03', overdue: true, corrected: false })],
      ctx('2026-12-01 09:00'),
    );
    expect(seeded).toMatchObject({
      status: 'published',
      open: false,
      usedDays: 22,
      level: 'red',
      onTime: false,
    });
  });
});
