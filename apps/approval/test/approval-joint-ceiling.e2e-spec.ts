import { ApplicationAccepted, CaseOpened, type ProcessTemplate } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import type { ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import {
  accepted,
  approvalEvents,
  publish,
  publishSnapshot,
  settle,
  snapshot,
  startApproval,
} from './factories/approval.factory.js';

const kinds = await testDatabaseKinds();

const endOf = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString();

const lead = { code: 'market-regulation', name: '市场监督管理局', limitDays: 15 };
const health = { code: 'health-commission', name: '卫生健康委员会', limitDays: 5 };
const template = (jointKind: ProcessTemplate['jointKind'], co = [health]): ProcessTemplate => ({
  jointKind,
  lead,
  coDepartments: co,
  steps: [],
});

/**
 * AL art. 42 ¶2 (joint handling 联合办理 ≤ 45 working days, +15 on extension) is a setting: here the harness
 * applies a local 30 + 10 to general joint cases only; the default 45 + 15 is in the deadline table test.
 * Every case is accepted Thu 2026-09-17 (promised 15, implementation's legal limit 20).
 */
describe.each(kinds)('joint-handling legal limit (configured) on %s', (kind) => {
  let h: ServiceHarness;
  const clock = new ManualClock(new Date('2026-09-18T10:00:00+08:00'));
  const general = snapshot({ version: 1, processTemplate: template('general') });
  const precondition = snapshot({ version: 2, processTemplate: template('precondition') });
  const single = snapshot({ version: 3, processTemplate: template('single', []) });

  beforeAll(async () => {
    h = await startApproval(kind, clock, {
      jointKinds: ['general'],
      jointLimitDays: 30,
      jointExtensionDays: 10,
    });
    for (const s of [general, precondition, single]) await publishSnapshot(h, s);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  /** Joint handling (here: general joint cases) is extended by the 本级人民政府负责人, any other case by the deciding head. */
  const clocksAfterExtension = async (s: ReturnType<typeof snapshot>, approver = 'head.market') => {
    const p = accepted(s);
    await publish(h, ApplicationAccepted, p);
    const auth = { authorization: `Bearer ${await h.tokenFor('approver.market')}` };
    const before = await request(h.url).get(`/api/approval/cases/${p.applicationNo}`).set(auth);
    expect(before.status).toBe(200);
    const ext = await request(h.url)
      .post(`/api/approval/cases/${p.applicationNo}/special-procedures`)
      .set('authorization', `Bearer ${await h.tokenFor(approver)}`)
      .send({ kind: 'extension', reason: '需现场复核' });
    expect(ext.status).toBe(201);
    const after = await request(h.url).get(`/api/approval/cases/${p.applicationNo}`).set(auth);
    await settle(h);
    const [opened] = approvalEvents(h, CaseOpened.type, p.applicationNo);
    return {
      opened: {
        legalLimitDays: opened?.payload['legalLimitDays'],
        legalDueAt: opened?.payload['legalDueAt'],
      },
      before: {
        legalLimitDays: before.body.clocks.legalLimitDays,
        promisedDueAt: before.body.clocks.promisedDueAt,
        legalDueAt: before.body.clocks.legalDueAt,
      },
      days: ext.body.days,
      after: { promisedDueAt: after.body.clocks.promisedDueAt, legalDueAt: after.body.clocks.legalDueAt },
    };
  };

  it('a general joint case gets the configured joint limit (30) and extension (+10)', async () => {
    // 30 wd from Thu 09-17: 09-18, 09-20 (调休), 09-21..24, 09-28..30 = 9; 10-08, 10-09, 10-10 (调休) = 12;
    // 10-12..16, 10-19..23, 10-26..30 = 27; 11-02, 11-03, 11-04 = 30. +10: 11-05, 11-06, 11-09..13, 11-16..18 → 11-18.
    // promised 15 → 10-14; +10 → 10-15, 10-16, 10-19..23, 10-26..28 → 10-28.
    expect(await clocksAfterExtension(general, 'gov.head')).toEqual({
      opened: { legalLimitDays: 30, legalDueAt: endOf('2026-11-04') },
      before: { legalLimitDays: 30, promisedDueAt: endOf('2026-10-14'), legalDueAt: endOf('2026-11-04') },
      days: 10,
      after: { promisedDueAt: endOf('2026-10-28'), legalDueAt: endOf('2026-11-18') },
    });
  });

  it.each([
    ['a pre-condition joint case (not configured as joint handling)', 'precondition'],
    ['a single-department case', 'single'],
  ])('%s keeps the implementation limit (20) and the ordinary extension (+10)', async (_name, which) => {
    // 20 wd → 10-21 (…10-12..16 = 17, 10-19, 10-20, 10-21); +10 → 10-22, 10-23, 10-26..30, 11-02..04 → 11-04
    expect(await clocksAfterExtension(which === 'single' ? single : precondition)).toEqual({
      opened: { legalLimitDays: 20, legalDueAt: endOf('2026-10-21') },
      before: { legalLimitDays: 20, promisedDueAt: endOf('2026-10-14'), legalDueAt: endOf('2026-10-21') },
      days: 10,
      after: { promisedDueAt: endOf('2026-10-28'), legalDueAt: endOf('2026-11-04') },
    });
  });
});
