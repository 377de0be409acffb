/**
 * Issue 18, finding 5 — a window clerk could record the applicant's rating (`applicantPresent: true`) in the
 * applicant's name, after which the applicant's own rating got 409. Now a window rating (评价器) needs proof of
 * presence: the one-time code intake hands the window at the case's window pickup (pickup code checked; its SHA-256
 * travels to supervision with `intake.application.delivered`, valid 30 minutes). It is labelled as given at the
 * window, is not in the applicant's name, and never blocks the applicant's own online rating.
 */
import { createHash } from 'node:crypto';
import { ApplicationDelivered, CaseDecided, LicenceIssued } from '@hall/contracts';
import { isPostgresAvailable } from '@hall/persistence';
import type { ServiceHarness } from '@hall/platform/testing';
import { createSupervisionService } from '@hall/app-supervision';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import {
  decidedPayload,
  foodSnapshot,
  intakeEvents,
  issuedPayload,
  publishEvent,
  publishImplementation,
  startIntake,
  submitApplication,
  type IntakeHarness,
} from '../../apps/intake/test/factories/intake.factory.js';
import { at, CaseHistory, publishLive } from '../../apps/supervision/test/factories/case-history.factory.js';
import { startService } from './support/services.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe("window ratings need the pickup's one-time code and never block the applicant (finding 5): supervision", () => {
  let h: ServiceHarness;
  const clock = new ManualClock(new Date(at('2026-09-01 08:00')));
  const CODE = 'window-rating-code-0001-abcdefgh';
  const OTHER_CODE = 'window-rating-code-0002-abcdefgh';
  /** Completed and picked up at the window (code handed out at 09:30, valid until 10:00). */
  let picked: string;
  /** Another case picked up with another code. */
  let other: string;
  const post = async (username: string, body: object) =>
    request(h.url)
      .post('/api/supervision/ratings')
      .set('authorization', `Bearer ${await h.tokenFor(username)}`)
      .send(body);
  const ratingsOf = async (no: string) =>
    h.database.db.sql.query<{
      channel: string;
      rater_user_id: string | null;
      applicant_present: boolean;
      level: number;
    }>(
      'SELECT channel, rater_user_id, applicant_present, level FROM rating WHERE application_no = $1 ORDER BY channel',
      [no],
    );

  beforeAll(async () => {
    h = await startService(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }));
    const cases = [new CaseHistory(), new CaseHistory()].map((c, i) =>
      c
        .submitted(at('2026-09-14 09:00'))
        .accepted(at('2026-09-15 10:00'))
        .opened(at('2026-09-15 10:01'))
        .taskCompleted(at('2026-09-17 15:00'), 'lead')
        .decided(at('2026-09-18 11:00'))
        .licenceIssued(at('2026-09-18 11:05'), String(700 + i).padStart(6, '0'))
        .completed(at('2026-09-18 11:10'))
        .delivered(at('2026-09-21 09:30'), {
          codeHash: sha256(i === 0 ? CODE : OTHER_CODE),
          expiresAt: at('2026-09-21 10:00'),
        }),
    );
    [picked, other] = cases.map((c) => c.no) as [string, string];
    await publishLive(
      h,
      clock,
      cases.flatMap((c) => c.events).sort((x, y) => x.occurredAt.localeCompare(y.occurredAt)),
    );
    clock.set(at('2026-09-21 09:35'));
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it("the window without the code (applicantPresent only), with a wrong code or another case's: refused, nothing recorded", async () => {
    const bare = await post('clerk.xihu', { applicationNo: picked, level: 1, applicantPresent: true });
    expect([bare.status, bare.body.code, bare.body.details?.field]).toEqual([
      422,
      'WINDOW_RATING_CODE_REQUIRED',
      'windowRatingCode',
    ]);
    const wrong = await post('clerk.xihu', {
      applicationNo: picked,
      level: 1,
      windowRatingCode: 'window-rating-code-9999-abcdefgh',
    });
    expect([wrong.status, wrong.body.code]).toEqual([403, 'WINDOW_RATING_CODE_INVALID']);
    const another = await post('clerk.xihu', {
      applicationNo: picked,
      level: 1,
      windowRatingCode: OTHER_CODE,
    });
    expect([another.status, another.body.code]).toEqual([403, 'WINDOW_RATING_CODE_INVALID']);
    // The right code at another district's window: the case is not theirs.
    expect(
      (await post('clerk.shangcheng', { applicationNo: picked, level: 1, windowRatingCode: CODE })).status,
    ).toBe(404);
    expect(await ratingsOf(picked)).toEqual([]);
  });

  it("with the pickup's code: one window rating, labelled, not in the applicant's name; the applicant still rates online", async () => {
    const windowRating = await post('clerk.xihu', {
      applicationNo: picked,
      level: 2,
      windowRatingCode: CODE,
      applicantPresent: true,
    });
    expect(windowRating.status).toBe(201);
    expect(windowRating.body).toMatchObject({
      channel: 'window',
      channelLabel: expect.stringContaining('窗口评价'),
      raterUserId: null,
      applicantPresent: true,
    });
    // One-time: the same code again is 409 (the case has its window rating).
    expect(
      (await post('clerk.xihu', { applicationNo: picked, level: 1, windowRatingCode: CODE })).status,
    ).toBe(409);
    // The applicant's own online rating is not blocked.
    const own = await post('lisi', { applicationNo: picked, level: 5, comment: '窗口评价不是我本人给的' });
    expect([own.status, own.body.channel, own.body.rectification?.status]).toEqual([201, 'web', 'open']);
    expect((await post('lisi', { applicationNo: picked, level: 1 })).status).toBe(409);
    const mine = await request(h.url)
      .get('/api/supervision/ratings/mine')
      .query({ applicationNo: picked })
      .set('authorization', `Bearer ${await h.tokenFor('lisi')}`);
    expect(mine.body).toMatchObject({
      rating: { level: 5 },
      windowRating: { level: 2, channelLabel: expect.stringContaining('窗口评价') },
    });
    expect(await ratingsOf(picked)).toEqual([
      { channel: 'web', rater_user_id: expect.any(String), applicant_present: false, level: 5 },
      { channel: 'window', rater_user_id: null, applicant_present: true, level: 2 },
    ]);
  });

  it('the code expires 30 minutes after the pickup', async () => {
    clock.set(at('2026-09-21 10:01'));
    const late = await post('clerk.xihu', { applicationNo: other, level: 1, windowRatingCode: OTHER_CODE });
    expect([late.status, late.body.code]).toEqual([403, 'WINDOW_RATING_CODE_INVALID']);
    expect(await ratingsOf(other)).toEqual([]);
  });
});

describe('window ratings (finding 5): intake hands the one-time code out at a window pickup only', () => {
  let h: IntakeHarness;
  const snapshot = foodSnapshot();

  beforeAll(async () => {
    h = await startIntake((await isPostgresAvailable()) ? 'pg' : 'pglite');
    await publishImplementation(h, snapshot);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('the window pickup answers a one-time code; the event carries its SHA-256 and end, never the code', async () => {
    const no = await submitApplication(h, 'zhangsan');
    expect((await h.api.post('clerk.xihu', `/applications/${no}/accept`, {})).status).toBe(200);
    await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', snapshot.results, snapshot));
    await publishEvent(h, LicenceIssued, issuedPayload(no, 'FBL', '2001'));
    await publishEvent(h, LicenceIssued, issuedPayload(no, 'PHL', '2002'));
    const app = await h.api.get('zhangsan', `/applications/${no}`);
    const res = await h.api.post('clerk.xihu', `/applications/${no}/deliver`, {
      method: 'window',
      pickupCode: app.body.delivery.pickupCode as string,
    });
    expect(res.status).toBe(200);
    const code =
      (res.body as { windowRating?: { code: string; expiresAt: string } }).windowRating?.code ?? '';
    expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const [delivered] = (await intakeEvents(h, ApplicationDelivered.type)).filter((e) => e.key === no);
    const payload = ApplicationDelivered.payload.parse(delivered?.payload);
    expect(payload.windowRating?.codeHash).toBe(sha256(code));
    expect(new Date(payload.windowRating?.expiresAt ?? 0).getTime() - h.clock.now().getTime()).toBe(
      30 * 60_000,
    );
    expect(JSON.stringify(delivered)).not.toContain(code);
  });
});
