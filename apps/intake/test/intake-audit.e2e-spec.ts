import { testDatabaseKinds } from '@hall/persistence';
import { foodSnapshot, publishImplementation, startIntake, submitApplication, type IntakeHarness } from './factories/intake.factory.js';

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

  beforeAll(async () => {
    h = await startIntake(kind);
    await publishImplementation(h, foodSnapshot());
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('records the submit, the acceptance, a failed second acceptance and the clerk reading the application', async () => {
    const no = await submitApplication(h, 'zhangsan');
    expect((await h.api.post('clerk.xihu', `/applications/${no}/accept`, { mode: 'normal' })).status).toBe(200);
    expect((await h.api.post('clerk.xihu', `/applications/${no}/accept`, { mode: 'normal' })).status).toBe(409);
    expect((await h.api.get('clerk.xihu', `/applications/${no}`)).status).toBe(200);
    // Listing queues is not a read of one person's data and is not audited; health checks neither.
    await h.api.get('clerk.xihu', '/applications');

    const res = await h.api.get('admin', '/audit-log', { objectType: 'applications', objectId: no });
    expect(res.status).toBe(200);
    const rows = res.body.rows as Row[];
    expect(rows.filter((r) => r.actorName === 'clerk.xihu').map((r) => [r.actorName, r.action, r.outcome])).toEqual([
      ['clerk.xihu', 'POST /api/intake/applications/:no/accept', 200],
      ['clerk.xihu', 'POST /api/intake/applications/:no/accept', 409],
      ['clerk.xihu', 'GET /api/intake/applications/:no', 200],
    ]);
    expect(rows.find((r) => r.actorName === 'clerk.xihu')).toMatchObject({ roles: ['clerk'], objectType: 'applications', objectId: no, ip: expect.stringMatching(/127\.0\.0\.1|::1/) });
    // The applicant's own submit is there too (before the clerk's rows).
    const own = rows.filter((r) => r.actorName === 'zhangsan');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.roles.includes('applicant') && r.outcome < 300 && r.action.startsWith('POST /api/intake/applications'))).toBe(true);
    expect(rows.indexOf(own[0] as Row)).toBeLessThan(rows.findIndex((r) => r.actorName === 'clerk.xihu'));
  });

  it('lets admins list and supervisors verify the chain; applicants and clerks get 403', async () => {
    expect((await h.api.get('supervisor', '/audit-log/verify')).body).toMatchObject({ intact: true, rows: expect.any(Number) });
    expect((await h.api.get('admin', '/audit-log/verify')).status).toBe(200);
    expect((await h.api.get('zhangsan', '/audit-log')).status).toBe(403);
    expect((await h.api.get('clerk.xihu', '/audit-log/verify')).status).toBe(403);
    const bad = await h.api.get('admin', '/audit-log', { limit: '9999' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('limit') });
  });
});
