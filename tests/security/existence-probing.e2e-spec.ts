/**
 * Issue 18, finding 14 — existence probing. Whoever may not know that an application or a licence exists gets the
 * same answer for an existing one as for a missing one: 404 with the same code, on every route that names it (reads
 * and writes). 403 stays only where the caller may know the object (its applicant, its window, the supervisor of
 * its region, the holder, the issuing department).
 */
import { CaseOpened } from '@hall/contracts';
import { isPostgresAvailable } from '@hall/persistence';
import type { ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { formatApplicationNo } from '../../apps/intake/src/applications/application-number.js';
import {
  caseOpenedPayload,
  foodSnapshot,
  publishEvent,
  publishImplementation,
  startIntake,
  submitApplication,
  type IntakeHarness,
} from '../../apps/intake/test/factories/intake.factory.js';
import {
  decision,
  HOLDERS,
  publishDecision,
  until,
} from '../../apps/licence/test/factories/licence.factory.js';
import { serviceNamed, startService } from './support/services.js';

interface Probe {
  name: string;
  method: 'get' | 'post' | 'delete';
  path: (ref: string) => string;
  body?: object;
}

const answer = (res: request.Response) => ({
  status: res.status,
  code: (res.body as { code?: unknown }).code,
});

describe('existence probing: intake applications (finding 14)', () => {
  let h: IntakeHarness;
  let no: string;
  let missing: string;
  let fileId: string;

  beforeAll(async () => {
    h = await startIntake((await isPostgresAvailable()) ? 'pg' : 'pglite');
    await publishImplementation(h, foodSnapshot());
    no = await submitApplication(h, 'zhangsan');
    const view = await h.api.get('zhangsan', `/applications/${no}`);
    fileId =
      (view.body as { materials: Array<{ files: Array<{ fileId: string }> }> }).materials.flatMap(
        (m) => m.files,
      )[0]?.fileId ?? '';
    // A task of the market department only: a health officer has none.
    await publishEvent(h, CaseOpened, caseOpenedPayload(no, ['market-regulation']));
    // Same region, same day, a sequence nobody got: format-valid, never issued.
    missing = formatApplicationNo(no.slice(0, 6), no.slice(6, 14), 999_999);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  const PROBES: readonly Probe[] = [
    { name: 'the application', method: 'get', path: (n) => `/applications/${n}` },
    { name: 'a material file', method: 'get', path: (n) => `/applications/${n}/files/${fileId}` },
    {
      name: 'a notice',
      method: 'get',
      path: (n) => `/applications/${n}/notices/00000000-0000-4000-8000-000000000000.pdf`,
    },
    { name: 'accept', method: 'post', path: (n) => `/applications/${n}/accept`, body: { mode: 'normal' } },
    { name: 'refuse', method: 'post', path: (n) => `/applications/${n}/refuse`, body: { reasons: '探测' } },
    {
      name: 'supplement-notice',
      method: 'post',
      path: (n) => `/applications/${n}/supplement-notice`,
      body: { items: [{ materialId: 'layout', problem: '探测' }] },
    },
    {
      name: 'supplement',
      method: 'post',
      path: (n) => `/applications/${n}/supplement`,
      body: { materials: [{ materialId: 'layout', source: 'promise', promise: '探测' }] },
    },
    {
      name: 'withdraw',
      method: 'post',
      path: (n) => `/applications/${n}/withdraw`,
      body: { reason: '探测' },
    },
    {
      name: 'deliver',
      method: 'post',
      path: (n) => `/applications/${n}/deliver`,
      body: { method: 'post', trackingNo: 'SF0000000001' },
    },
    {
      name: 'delivery',
      method: 'post',
      path: (n) => `/applications/${n}/delivery`,
      body: { method: 'electronic' },
    },
  ];
  const call = async (username: string, p: Probe, ref: string) => {
    const url = `${h.url}/api/intake`;
    const token = `Bearer ${await h.tokenFor(username)}`;
    return p.method === 'get'
      ? request(url).get(p.path(ref)).set('authorization', token)
      : request(url).post(p.path(ref)).set('authorization', token).send(p.body);
  };

  // A window clerk of another district (上城), another applicant, an officer whose department has no task on it.
  it.each(['clerk.shangcheng', 'lisi', 'approver.health'])(
    '%s gets the same 404 for the existing application as for a missing one, on every route',
    async (username) => {
      const answers: Array<[string, ReturnType<typeof answer>, ReturnType<typeof answer>]> = [];
      for (const p of PROBES)
        answers.push([p.name, answer(await call(username, p, no)), answer(await call(username, p, missing))]);
      // Roles outside a route's matrix get 403 AUTH_FORBIDDEN for both alike (the role gate runs before any lookup).
      const probing = answers.filter(
        ([, existing, none]) =>
          existing.status !== none.status ||
          existing.code !== none.code ||
          (existing.status !== 404 && existing.code !== 'AUTH_FORBIDDEN'),
      );
      expect(probing).toEqual([]);
    },
    60_000,
  );

  it('who may know the application still gets 403 for a write outside their relation (the supervisor of its region); its window reads it', async () => {
    // The supervisor of the region may read it, so a write they may not make stays 403.
    const res = await h.api.post('supervisor', `/applications/${no}/withdraw`, { reason: '探测' });
    expect([res.status]).toEqual([403]);
    expect((await h.api.get('clerk.xihu', `/applications/${no}`)).status).toBe(200);
  });
});

describe('existence probing: licences and shares (finding 14)', () => {
  let h: ServiceHarness;
  let identifier: string;
  let missing: string;
  let shareId: string;

  beforeAll(async () => {
    h = await startService(serviceNamed('licence'));
    const d = decision({ holder: HOLDERS.xihuTech });
    await publishDecision(h, d);
    const [row] = await h.database.db.sql.query<{ identifier: string }>(
      'SELECT identifier FROM licence WHERE application_no = $1 ORDER BY identifier LIMIT 1',
      [d.applicationNo],
    );
    identifier = row?.identifier ?? '';
    // The same identifier with its serial changed: well-formed, never issued.
    missing = identifier.replace(/\d(?=\D*$)/, (c) => String((Number(c) + 5) % 10));
    await until(async () => {
      const [r] = await h.database.db.sql.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM licence WHERE render_status <> 'done'",
      );
      return Number(r?.n) === 0 ? true : undefined;
    }, 'licence PDFs rendered');
    const share = await request(h.url)
      .post('/api/licence/shares')
      .set('authorization', `Bearer ${await h.tokenFor('xihu-tech')}`)
      .send({ identifier, applicationNo: d.applicationNo });
    shareId = (share.body as { shareId: string }).shareId;
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  const PROBES: readonly Probe[] = [
    { name: 'the licence', method: 'get', path: (i) => `/licences/${i}` },
    { name: 'its PDF', method: 'get', path: (i) => `/licences/${i}/pdf` },
    { name: 'its access log', method: 'get', path: (i) => `/licences/${i}/access-log` },
    { name: 'suspend', method: 'post', path: (i) => `/licences/${i}/suspend`, body: { reason: '探测' } },
    { name: 'restore', method: 'post', path: (i) => `/licences/${i}/restore`, body: { reason: '探测' } },
    { name: 'revoke', method: 'post', path: (i) => `/licences/${i}/revoke`, body: { reason: '探测' } },
    { name: 'cancel', method: 'post', path: (i) => `/licences/${i}/cancel`, body: { reason: '探测' } },
    {
      name: 'change',
      method: 'post',
      path: (i) => `/licences/${i}/change`,
      body: { reason: '探测', holderName: '探测' },
    },
    { name: 'share it', method: 'post', path: () => '/shares', body: {} },
  ];
  const call = async (username: string, p: Probe, ref: string) => {
    const token = `Bearer ${await h.tokenFor(username)}`;
    const url = `${h.url}/api/licence`;
    if (p.method === 'get') return request(url).get(p.path(ref)).set('authorization', token);
    const body = p.name === 'share it' ? { identifier: ref, applicationNo: '330106202611220000011' } : p.body;
    return request(url).post(p.path(ref)).set('authorization', token).send(body);
  };

  // Another applicant (not the holder); an approver of another department (not the issuing one).
  it.each(['lisi', 'approver.health'])(
    '%s gets the same 404 for the existing licence as for a missing one, on every route',
    async (username) => {
      const answers: Array<[string, ReturnType<typeof answer>, ReturnType<typeof answer>]> = [];
      for (const p of PROBES)
        answers.push([
          p.name,
          answer(await call(username, p, identifier)),
          answer(await call(username, p, missing)),
        ]);
      const probing = answers.filter(
        ([, existing, none]) =>
          existing.status !== none.status ||
          existing.code !== none.code ||
          (existing.status !== 404 && existing.code !== 'AUTH_FORBIDDEN'),
      );
      expect(probing).toEqual([]);
    },
    60_000,
  );

  it('withdrawing a share: anyone but the holder gets the same 404 as for a share that does not exist', async () => {
    const del = async (id: string) =>
      answer(
        await request(h.url)
          .delete(`/api/licence/shares/${id}`)
          .set('authorization', `Bearer ${await h.tokenFor('lisi')}`),
      );
    expect([await del(shareId), await del('00000000-0000-4000-8000-000000000000')]).toEqual([
      { status: 404, code: 'SHARE_NOT_FOUND' },
      { status: 404, code: 'SHARE_NOT_FOUND' },
    ]);
  });

  it('the holder still reads the licence (control)', async () => {
    const res = await request(h.url)
      .get(`/api/licence/licences/${identifier}`)
      .set('authorization', `Bearer ${await h.tokenFor('xihu-tech')}`);
    expect(res.status).toBe(200);
  });
});
