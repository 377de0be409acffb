import { testDatabaseKinds } from '@hall/persistence';
import { IntakeStore } from '../src/intake.store.js';
import {
  foodSnapshot,
  publishImplementation,
  startIntake,
  submitApplication,
  type IntakeHarness,
} from './factories/intake.factory.js';

// The audit trail over real HTTP (libs/platform audit): state changes and reads of personal data leave rows
// with who, which roles, what, on which object, the outcome and the client IP; admins list them, supervisors
// verify the chain; nobody else reads them.
const kinds = await testDatabaseKinds();

interface Row {
  actorName?: string;
  roles: string[];
  action: string;
  objectType?: string;
  objectId?: string;
  outcome: number;
  ip?: string;
}

describe.each(kinds)('intake audit trail on %s', (kind) => {
  let h: IntakeHarness;
  const logged: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    h = await startIntake(
      kind,
      undefined,
      (m: unknown) => void (typeof m === 'object' && m !== null && logged.push(m as Record<string, unknown>)),
    );
    await publishImplementation(h, foodSnapshot());
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('records the submit, the acceptance, a failed second acceptance and the clerk reading the application', async () => {
    const no = await submitApplication(h, 'zhangsan');
    expect((await h.api.post('clerk.xihu', `/applications/${no}/accept`, { mode: 'normal' })).status).toBe(
      200,
    );
    expect((await h.api.post('clerk.xihu', `/applications/${no}/accept`, { mode: 'normal' })).status).toBe(
      409,
    );
    expect((await h.api.get('clerk.xihu', `/applications/${no}`)).status).toBe(200);
    // Listing queues is not a read of one person's data and is not audited; health checks neither.
    await h.api.get('clerk.xihu', '/applications');

    const res = await h.api.get('admin', '/audit-log', { objectType: 'applications', objectId: no });
    expect(res.status).toBe(200);
    const rows = res.body.rows as Row[];
    expect(
      rows.filter((r) => r.actorName === 'clerk.xihu').map((r) => [r.actorName, r.action, r.outcome]),
    ).toEqual([
      ['clerk.xihu', 'POST /api/intake/applications/:no/accept', 200],
      ['clerk.xihu', 'POST /api/intake/applications/:no/accept', 409],
      ['clerk.xihu', 'GET /api/intake/applications/:no', 200],
    ]);
    expect(rows.find((r) => r.actorName === 'clerk.xihu')).toMatchObject({
      roles: ['clerk'],
      objectType: 'applications',
      objectId: no,
      ip: expect.stringMatching(/127\.0\.0\.1|::1/),
    });
    // The applicant's own submit is there too (before the clerk's rows).
    const own = rows.filter((r) => r.actorName === 'zhangsan');
    expect(own.length).toBeGreaterThan(0);
    expect(
      own.every(
        (r) =>
          r.roles.includes('applicant') &&
          r.outcome < 300 &&
          r.action.startsWith('POST /api/intake/applications'),
      ),
    ).toBe(true);
    expect(rows.indexOf(own[0] as Row)).toBeLessThan(rows.findIndex((r) => r.actorName === 'clerk.xihu'));
  });

  it('lets admins list and supervisors verify the chain; applicants and clerks get 403', async () => {
    expect((await h.api.get('supervisor', '/audit-log/verify')).body).toMatchObject({
      intact: true,
      rows: expect.any(Number),
    });
    expect((await h.api.get('admin', '/audit-log/verify')).status).toBe(200);
    expect((await h.api.get('zhangsan', '/audit-log')).status).toBe(403);
    expect((await h.api.get('clerk.xihu', '/audit-log/verify')).status).toBe(403);
    const bad = await h.api.get('admin', '/audit-log', { limit: '9999' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('limit') });
  });

  it('hands out the chain head as an anchor and verifies the chain against anchors; malformed anchors get 400', async () => {
    const head = await h.api.get('supervisor', '/audit-log/head');
    expect(head.status).toBe(200);
    const anchor = head.body.anchor as { id: string; hash: string; at: string };
    expect(anchor).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    await submitApplication(h, 'lisi'); // the chain grows past the anchor
    const ok = await h.api.post('supervisor', '/audit-log/verify', { anchors: [anchor] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ intact: true, anchors: { checked: 1, matched: 1, purged: 0 } });
    const forged = await h.api.post('admin', '/audit-log/verify', {
      anchors: [{ ...anchor, hash: 'f'.repeat(64) }],
    });
    expect(forged.body).toMatchObject({ intact: false, reason: 'anchor-mismatch', brokenAt: anchor.id });
    const bad = await h.api.post('admin', '/audit-log/verify', { anchors: [{ ...anchor, hash: 'xyz' }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('hash') });
    expect((await h.api.post('clerk.xihu', '/audit-log/verify', { anchors: [anchor] })).status).toBe(403);
    expect((await h.api.get('zhangsan', '/audit-log/head')).status).toBe(403);
  });

  it('logs the chain head as an anchor line when it moved, and not again while it stays', async () => {
    const store = h.app.get(IntakeStore);
    await store.publishAnchor();
    const before = logged.length;
    await submitApplication(h, 'zhangsan');
    await store.publishAnchor();
    await store.publishAnchor();
    const lines = logged.slice(before).filter((l) => l['event'] === 'audit.anchor');
    expect(lines).toHaveLength(1);
    const head = (await h.api.get('supervisor', '/audit-log/head')).body.anchor as { id: string };
    expect(lines[0]).toMatchObject({ service: 'intake', anchor: head });
  });
});
