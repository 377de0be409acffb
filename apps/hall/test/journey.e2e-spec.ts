/**
 * One case through the whole embedded hall, over real HTTP with real tokens, every hop through the outbox and the
 * in-process transport: an applicant applies for 开办餐饮店“一件事” in 上城区 with uploads → the window sends a
 * one-time supplement notice → the applicant supplements → the window accepts → market regulation (lead, two
 * officials), fire rescue and urban management approve in parallel → the lead decides → three e-licences
 * (多证联办) appear in the applicant's wallet and verify as genuine → intake completes the case and the window
 * hands out the result with the pickup code → supervision's timeline holds every step → the applicant rates.
 */
import { exampleFormData, type ApplicationForm } from '@hall/contracts';
import { samplePdf } from '@hall/storage';
import { shutdownTelemetry, startTelemetry } from '@hall/telemetry';
import request from 'supertest';
import { startEmbeddedHall, type EmbeddedHall } from '../src/embedded-hall.js';

startTelemetry({ serviceName: 'hall-journey' });

/** `JOURNEY_HALL_URL` runs the journey against a hall that is already up (`npm start`, docker compose). */
const externalUrl = process.env.JOURNEY_HALL_URL;
let hall: Pick<EmbeddedHall, 'url'> & { close(): Promise<void> };
const tokens = new Map<string, string>();

async function tokenFor(username: string): Promise<string> {
  const cached = tokens.get(username);
  if (cached) return cached;
  const res = await request(hall.url)
    .post('/realms/hall/protocol/openid-connect/token')
    .type('form')
    .send({ grant_type: 'password', client_id: 'hall-cli', username, password: 'demo' });
  expectStatus(res, 200);
  const token = (res.body as { access_token: string }).access_token;
  tokens.set(username, token);
  return token;
}

const as = async (username: string) => `Bearer ${await tokenFor(username)}`;

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`not reached in time: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Asserts a status and shows the response body when it differs (a journey failure must say why). */
function expectStatus(res: { status: number; body: unknown }, status: number): void {
  if (res.status !== status)
    throw new Error(`expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

/** Actions answer 200 or 201 depending on the service; any 2xx is success. */
function expectOk(res: { status: number; body: unknown }): void {
  if (res.status < 200 || res.status > 299)
    throw new Error(`expected success, got ${res.status}: ${JSON.stringify(res.body)}`);
}

interface MaterialSpec {
  id: string;
  name: string;
  required: boolean;
  promiseAllowed: boolean;
}
interface TaskView {
  id: string;
  applicationNo: string;
  status: string;
  version: number;
  role: string;
}

beforeAll(async () => {
  hall = externalUrl
    ? { url: externalUrl, close: async () => undefined }
    : await startEmbeddedHall({ port: 0, logLevel: 'silent' });
}, 300_000);

afterAll(async () => {
  await hall?.close();
  await shutdownTelemetry();
});

async function upload(username: string, name: string): Promise<string> {
  const res = await request(hall.url)
    .post('/api/intake/files')
    .set('authorization', await as(username))
    .attach('file', samplePdf(name), { filename: `${name}.pdf`, contentType: 'application/pdf' });
  expectStatus(res, 201);
  return (res.body as { id: string }).id;
}

async function openTaskOf(username: string, applicationNo: string): Promise<TaskView> {
  return eventually(`${username} sees the task of ${applicationNo}`, async () => {
    const res = await request(hall.url)
      .get('/api/approval/tasks')
      .query({ pageSize: 100 })
      .set('authorization', await as(username));
    expectStatus(res, 200);
    return (res.body as { items: TaskView[] }).items.find((t) => t.applicationNo === applicationNo);
  });
}

describe('the whole hall, one case', () => {
  it('applies, supplements, accepts, approves in parallel, decides, issues three e-licences, completes, delivers, rates', async () => {
    // 1. The applicant finds the item in their district and reads its material list from intake's read model.
    const search = await request(hall.url)
      .get('/api/catalog/implementations')
      .query({ q: '开办餐饮店', region: '330102' });
    expectStatus(search, 200);
    const item = (
      search.body as { items: Array<{ implementationCode: string; regionCode: string; name: string }> }
    ).items.find((i) => i.regionCode === '330102');
    expect(item?.name).toContain('开办餐饮店');
    const code = item?.implementationCode ?? '';
    const view = await eventually('intake knows the implementation', async () => {
      const res = await request(hall.url).get(`/api/intake/implementations/${code}`);
      return res.status === 200
        ? (res.body as { snapshot: { materials: MaterialSpec[]; applicationForm: ApplicationForm } })
        : undefined;
    });

    // 2. Submit with an upload per required material (a promise where 告知承诺 is allowed), idempotently.
    const materials = [];
    for (const m of view.snapshot.materials.filter((x) => x.required)) {
      materials.push(
        m.promiseAllowed
          ? { materialId: m.id, source: 'promise', promise: '本人承诺所填信息真实，场所符合消防安全要求。' }
          : { materialId: m.id, source: 'upload', fileIds: [await upload('zhangsan', m.id)] },
      );
    }
    const body = {
      implementationCode: code,
      formData: exampleFormData(view.snapshot.applicationForm, {
        entityName: '张三小馆',
        premises: '杭州市上城区清河坊 88 号',
      }),
      materials,
    };
    const applicant = await as('zhangsan');
    const idempotencyKey = `journey-${Date.now()}`;
    const submit = () =>
      request(hall.url)
        .post('/api/intake/applications')
        .set('authorization', applicant)
        .set('idempotency-key', idempotencyKey);
    const first = await submit().send(body);
    expectStatus(first, 201);
    const applicationNo = (first.body as { no: string }).no;
    expect(applicationNo).toMatch(/^330102\d{14}[0-9A-Z]$/);
    const retry = await submit().send(body);
    expect((retry.body as { no: string }).no).toBe(applicationNo);

    // 3. The Shangcheng window sends one supplement notice; a second is refused.
    const clerk = await as('clerk.shangcheng');
    const queue = await request(hall.url)
      .get('/api/intake/applications')
      .query({ queue: 1 })
      .set('authorization', clerk);
    expect((queue.body as { items: Array<{ no: string }> }).items.some((a) => a.no === applicationNo)).toBe(
      true,
    );
    const faulty = materials.find((m) => m.source === 'upload')?.materialId ?? '';
    const notice = await request(hall.url)
      .post(`/api/intake/applications/${applicationNo}/supplement-notice`)
      .set('authorization', clerk)
      .send({ items: [{ materialId: faulty, problem: '复印件不清晰，请重新上传' }] });
    expectOk(notice);
    const second = await request(hall.url)
      .post(`/api/intake/applications/${applicationNo}/supplement-notice`)
      .set('authorization', clerk)
      .send({ items: [{ materialId: faulty, problem: '再次补正' }] });
    expectStatus(second, 409);

    // 4. The applicant supplements; the window accepts.
    const supplement = await request(hall.url)
      .post(`/api/intake/applications/${applicationNo}/supplement`)
      .set('authorization', await as('zhangsan'))
      .send({
        materials: [
          { materialId: faulty, source: 'upload', fileIds: [await upload('zhangsan', `${faulty}-v2`)] },
        ],
      });
    expectOk(supplement);
    const accept = await request(hall.url)
      .post(`/api/intake/applications/${applicationNo}/accept`)
      .set('authorization', clerk)
      .send({});
    expectOk(accept);

    // 5. Three departments see their task at once and approve in parallel; the lead's on-site check needs two officials.
    const officers = [
      { username: 'approver.market', cosigner: 'head.market' },
      { username: 'approver.fire', cosigner: undefined },
      { username: 'approver.urban', cosigner: undefined },
    ];
    const tasks = await Promise.all(officers.map((o) => openTaskOf(o.username, applicationNo)));
    expect(tasks.map((t) => t.role).sort()).toEqual(['co', 'co', 'lead']);
    const early = await request(hall.url)
      .post(`/api/approval/cases/${applicationNo}/decide`)
      .set('authorization', await as('approver.market'))
      .send({ outcome: 'approved' });
    expectStatus(early, 409);
    await Promise.all(
      officers.map(async (o, i) => {
        const task = tasks[i];
        if (!task) throw new Error('task missing');
        const auth = await as(o.username);
        const claim = await request(hall.url)
          .post(`/api/approval/tasks/${task.id}/claim`)
          .set('authorization', auth)
          .send({});
        expectOk(claim);
        const done = await request(hall.url)
          .post(`/api/approval/tasks/${task.id}/complete`)
          .set('authorization', auth)
          .send({ verdict: 'approve', opinion: '经审查，符合条件，同意。' });
        expectOk(done);
        if ((done.body as { status: string }).status === 'cosign') {
          expect(o.cosigner).toBeDefined();
          const cosign = await request(hall.url)
            .post(`/api/approval/tasks/${task.id}/complete`)
            .set('authorization', await as(o.cosigner ?? ''))
            .send({ verdict: 'approve', opinion: '现场核查属实。' });
          expectOk(cosign);
        }
      }),
    );
    const decide = await request(hall.url)
      .post(`/api/approval/cases/${applicationNo}/decide`)
      .set('authorization', await as('approver.market'))
      .send({ outcome: 'approved', reasons: '符合法定条件、标准，准予许可。' });
    expectOk(decide);

    // 6. Three e-licences in the wallet, each verifying as genuine on the public endpoint.
    const wallet = await eventually('three licences issued', async () => {
      const res = await request(hall.url)
        .get('/api/licence/licences')
        .query({ mine: 1 })
        .set('authorization', await as('zhangsan'));
      const mine = (
        res.body as { items: Array<{ identifier: string; applicationNo?: string }> }
      ).items.filter((l) => l.applicationNo === applicationNo);
      return mine.length === 3 ? mine : undefined;
    });
    for (const l of wallet) {
      const verify = await request(hall.url).get(`/api/licence/verify/${l.identifier}`);
      expectStatus(verify, 200);
      expect(verify.body).toMatchObject({ result: 'genuine', valid: true });
    }
    // 出证机构: each licence comes from its competent department — the fire-safety certificate from fire rescue,
    // signed with that department's key (the identifier carries the issuer's USCC).
    const issuers = Object.fromEntries(
      await Promise.all(
        wallet.map(async (l) => {
          const res = await request(hall.url).get(`/api/licence/verify/${l.identifier}`);
          const v = res.body as { licence: { name: string; issuer: { name: string; uscc: string } } };
          expect(l.identifier).toContain(`.${v.licence.issuer.uscc}.`);
          return [v.licence.name, v.licence.issuer.name] as const;
        }),
      ),
    );
    expect(issuers).toEqual({
      营业执照: expect.stringContaining('市场监督管理局'),
      食品经营许可证: expect.stringContaining('市场监督管理局'),
      '公众聚集场所投入使用、营业前消防安全检查合格证': expect.stringContaining('消防救援'),
    });
    // Every printed field is filled from the form, the holder, the catalog or computed at issuance — nothing blank.
    const fieldsOf = async (name: string) => {
      const l = wallet.find((w) => (w as { name?: string }).name === name) ?? wallet[0];
      const res = await request(hall.url)
        .get(`/api/licence/licences/${l?.identifier ?? ''}`)
        .set('authorization', await as('zhangsan'));
      return Object.fromEntries(
        (res.body as { fields: Array<{ label: string; value: string }> }).fields.map((f) => [
          f.label,
          f.value,
        ]),
      );
    };
    const jy = await fieldsOf('食品经营许可证');
    expect(jy).toMatchObject({
      经营者名称: '张三小馆',
      经营场所: '杭州市上城区清河坊 88 号',
      主体业态: '餐饮服务经营者',
      经营项目: '热食类食品制售、自制饮品制售',
    });
    expect(jy['日常监督管理机构']).toContain('市场监督管理局');
    const bl = await fieldsOf('营业执照');
    expect(bl['统一社会信用代码']).toMatch(/^91330102[0-9A-Z]{10}$/);
    expect(bl['名称']).toBe('张三小馆');
    const fire = await fieldsOf('公众聚集场所投入使用、营业前消防安全检查合格证');
    expect(fire).toMatchObject({
      场所地址: '杭州市上城区清河坊 88 号',
      使用面积: '60',
      场所用途: '餐饮场所',
    });
    for (const fields of [jy, bl, fire])
      for (const [label, value] of Object.entries(fields))
        expect({ label, value: value.trim() === '' ? '(blank)' : 'ok' }).toEqual({ label, value: 'ok' });
    const other = await request(hall.url)
      .get('/api/licence/licences')
      .query({ mine: 1 })
      .set('authorization', await as('lisi'));
    expect(
      (other.body as { items: Array<{ applicationNo?: string }> }).items.some(
        (l) => l.applicationNo === applicationNo,
      ),
    ).toBe(false);

    // 7. Intake completes (办结) once every licence is issued; the window hands out the result with the pickup code.
    const completed = await eventually('intake completed', async () => {
      const res = await request(hall.url)
        .get(`/api/intake/applications/${applicationNo}`)
        .set('authorization', await as('zhangsan'));
      const app = res.body as { status: string; delivery: { pickupCode?: string } };
      return app.status === 'completed' ? app.delivery : undefined;
    });
    expect(completed.pickupCode).toMatch(/^\d{6}$/);
    const deliver = await request(hall.url)
      .post(`/api/intake/applications/${applicationNo}/deliver`)
      .set('authorization', clerk)
      .send({ method: 'window', pickupCode: completed.pickupCode });
    expectOk(deliver);

    // 8. Supervision saw every step, and the applicant rates the service once.
    const timeline = await eventually('supervision timeline complete', async () => {
      const res = await request(hall.url)
        .get(`/api/supervision/cases/${applicationNo}/timeline`)
        .set('authorization', await as('supervisor'));
      if (res.status !== 200) return undefined;
      const types = (res.body as { entries: Array<{ type: string }> }).entries.map((e) => e.type);
      return types.includes('intake.application.delivered') ? types : undefined;
    });
    for (const t of [
      'intake.application.submitted',
      'intake.application.supplement-requested',
      'intake.application.supplemented',
      'intake.application.accepted',
      'approval.case.opened',
      'approval.task.completed',
      'approval.case.decided',
      'licence.issued',
      'intake.application.completed',
      'intake.application.delivered',
    ]) {
      expect(timeline).toContain(t);
    }
    const rate = () => request(hall.url).post('/api/supervision/ratings').set('authorization', applicant);
    expectOk(await rate().send({ applicationNo, level: 1, comment: '一次都没跑，非常满意' }));
    expectStatus(await rate().send({ applicationNo, level: 2 }), 409);
  }, 600_000);
});
