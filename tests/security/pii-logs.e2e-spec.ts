/**
 * No personal data or credential in the logs (issue 10, item 13): the whole embedded hall runs at `trace` level with
 * every service's log lines captured (plus anything written to stdout, stderr or the console), through a real
 * flow — password login, uploads and a submit with ID and phone numbers, a walk-in submit by the window for an
 * applicant given in the body, the owner's view, the window's lookup by ID number (in the query string), the public
 * progress query, cross-service events to approval, a forged token — and the captured text is scanned for the test's
 * ID numbers, phone numbers, the access token and any JWT: zero hits. A control line that deliberately carries
 * them all proves the capture works and that the sink masks them.
 */
import { exampleFormData, type ApplicationForm } from '@hall/contracts';
import { isPostgresAvailable, createTestDatabase, type TestDatabase } from '@hall/persistence';
import { PII_CIPHERTEXT_PATTERN } from '@hall/platform';
import { samplePdf } from '@hall/storage';
import request from 'supertest';
import { startEmbeddedHall, type EmbeddedHall } from '../../apps/hall/src/embedded-hall.js';

/** zhangsan's own numbers (the token's claims), and the walk-in applicant's. */
const OWN_ID = '330102199003071230';
const OWN_PHONE = '13800000001';
const CONTACT_PHONE = '13912345678';
const POST_PHONE = '13788889999';
const WALK_IN_ID = '11010519491231002X';
const WALK_IN_PHONE = '15066667777';
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;

const lines: string[] = [];
/** The walk-in application the flow accepts (its copies in approval and supervision are checked at rest). */
let walkInNo = '';
const capture = { write: (line: string) => void lines.push(line) };
let hall: EmbeddedHall;
const databases: TestDatabase[] = [];
const restore: Array<() => void> = [];

function tap(target: Record<string, unknown>, method: string): void {
  const original = target[method] as (...args: unknown[]) => unknown;
  target[method] = (...args: unknown[]) => {
    lines.push(
      args
        .map((a) =>
          typeof a === 'string'
            ? a
            : Buffer.isBuffer(a)
              ? a.toString('utf8')
              : (JSON.stringify(a) ?? String(a)),
        )
        .join(' '),
    );
    return original.apply(target, args);
  };
  restore.push(() => (target[method] = original));
}

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`not reached in time: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function expectStatus(res: { status: number; body: unknown }, status: number): void {
  if (res.status !== status)
    throw new Error(`expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
}

/** Every occurrence of `needle` in the captured text, with some context (what a failure shows). */
function hits(text: string, needle: string | RegExp): string[] {
  const re =
    typeof needle === 'string' ? new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi') : needle;
  return [...text.matchAll(re)].map((m) =>
    text.slice(Math.max(0, m.index - 120), m.index + m[0].length + 40),
  );
}

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr])
    tap(stream as unknown as Record<string, unknown>, 'write');
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'])
    tap(console as unknown as Record<string, unknown>, method);
  const pg = await isPostgresAvailable();
  hall = await startEmbeddedHall({
    port: 0,
    logLevel: 'trace',
    logDestination: capture,
    ...(pg && {
      openServiceDatabase: async (service: string) => {
        const t = await createTestDatabase('pg', { label: `pii_logs_${service}` });
        databases.push(t);
        // The hall closes what it opened; dispose() closes the pool itself and drops the database.
        return { ...t.db, close: async () => undefined };
      },
    }),
  });
}, 300_000);

afterAll(async () => {
  await hall?.close();
  for (const d of databases) await d.dispose();
  for (const undo of restore.reverse()) undo();
});

describe('personal data: never in the logs, encrypted in every copy', () => {
  it('a real flow through the whole hall at trace level logs no ID number, phone number, token or JWT', async () => {
    const login = async (username: string) => {
      const res = await request(hall.url)
        .post('/realms/hall/protocol/openid-connect/token')
        .type('form')
        .send({ grant_type: 'password', client_id: 'hall-cli', username, password: 'demo' });
      expectStatus(res, 200);
      return (res.body as { access_token: string }).access_token;
    };
    const token = await login('zhangsan');
    const clerkToken = await login('clerk.shangcheng');
    const auth = `Bearer ${token}`;

    const search = await request(hall.url)
      .get('/api/catalog/implementations')
      .query({ q: '开办餐饮店', region: '330102' });
    const code =
      (search.body as { items: Array<{ implementationCode: string; regionCode: string }> }).items.find(
        (i) => i.regionCode === '330102',
      )?.implementationCode ?? '';
    const view = await eventually('intake knows the implementation', async () => {
      const res = await request(hall.url).get(`/api/intake/implementations/${code}`);
      return res.status === 200
        ? (res.body as {
            snapshot: {
              materials: Array<{ id: string; required: boolean; promiseAllowed: boolean }>;
              applicationForm: ApplicationForm;
            };
          })
        : undefined;
    });
    const materialsOf = async (bearer: string) => {
      const out = [];
      for (const m of view.snapshot.materials.filter((x) => x.required)) {
        if (m.promiseAllowed) {
          out.push({ materialId: m.id, source: 'promise', promise: '本人承诺所填信息真实。' });
          continue;
        }
        const up = await request(hall.url)
          .post('/api/intake/files')
          .set('authorization', bearer)
          .attach('file', samplePdf(m.id), { filename: `${m.id}.pdf`, contentType: 'application/pdf' });
        expectStatus(up, 201);
        out.push({ materialId: m.id, source: 'upload', fileIds: [(up.body as { id: string }).id] });
      }
      return out;
    };

    // Submit with the applicant's phone and a postal address with another phone.
    const submit = await request(hall.url)
      .post('/api/intake/applications')
      .set('authorization', auth)
      .send({
        implementationCode: code,
        formData: exampleFormData(view.snapshot.applicationForm, { entityName: '张三小馆' }),
        materials: await materialsOf(auth),
        contact: { phone: CONTACT_PHONE },
        delivery: {
          method: 'post',
          address: { recipient: '张三', phone: POST_PHONE, address: '杭州市上城区清河坊 88 号' },
        },
      });
    expectStatus(submit, 201);
    const no = (submit.body as { no: string }).no;

    // 代办: the window submits for a walk-in applicant given in the body.
    const walkIn = await request(hall.url)
      .post('/api/intake/applications')
      .set('authorization', `Bearer ${clerkToken}`)
      .send({
        implementationCode: code,
        formData: exampleFormData(view.snapshot.applicationForm, { entityName: '王五面馆' }),
        materials: await materialsOf(`Bearer ${clerkToken}`),
        applicant: { kind: 'person', name: '王五', idNumber: WALK_IN_ID, phone: WALK_IN_PHONE },
      });
    expectStatus(walkIn, 201);

    // The owner reads their application (their numbers in the response, not in the logs).
    const own = await request(hall.url).get(`/api/intake/applications/${no}`).set('authorization', auth);
    expectStatus(own, 200);
    expect((own.body as { applicant: { idNumber: string } }).applicant.idNumber).toBe(OWN_ID);
    // The window's lookup by ID number puts the number in a URL.
    const lookup = await request(hall.url)
      .get('/api/intake/applications')
      .query({ queue: 1, applicantIdNumber: WALK_IN_ID.toLowerCase() })
      .set('authorization', `Bearer ${clerkToken}`);
    expectStatus(lookup, 200);
    expect((lookup.body as { total: number }).total).toBe(1);
    // Public progress query with the owner's 查询码 (masked numbers in the answer); refused input that carries an ID number.
    const progress = await request(hall.url)
      .get('/api/intake/public/progress')
      .query({ no, code: (own.body as { queryCode: string }).queryCode });
    expectStatus(progress, 200);
    const bad = await request(hall.url)
      .post('/api/intake/applications')
      .set('authorization', `Bearer ${clerkToken}`)
      .send({
        implementationCode: code,
        materials: [],
        applicant: {
          kind: 'person',
          name: '王五',
          idNumber: OWN_ID.slice(0, 17) + '9',
          phone: WALK_IN_PHONE,
        },
      });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    // A forged token (the real one with its signature cut) is refused.
    const forged = await request(hall.url)
      .get('/api/intake/notifications')
      .set('authorization', `Bearer ${token.slice(0, token.lastIndexOf('.'))}.AAAA`);
    expect(forged.status).toBe(401);
    // Accepting sends the applicant (ID and phone) to approval and supervision in events: wait for approval's task.
    walkInNo = (walkIn.body as { no: string }).no;
    const accept = await request(hall.url)
      .post(`/api/intake/applications/${walkInNo}/accept`)
      .set('authorization', `Bearer ${clerkToken}`)
      .send({});
    expect(accept.status).toBeLessThan(300);
    const approver = await login('approver.market');
    await eventually('approval opened the case with a task', async () => {
      const res = await request(hall.url)
        .get('/api/approval/tasks')
        .query({ pageSize: 100 })
        .set('authorization', `Bearer ${approver}`);
      return (res.body as { items?: Array<{ applicationNo: string }> }).items?.some(
        (t) => t.applicationNo === walkInNo,
      )
        ? true
        : undefined;
    });
    const caseView = await request(hall.url)
      .get(`/api/approval/cases/${walkInNo}`)
      .set('authorization', `Bearer ${approver}`);
    expect(caseView.status).toBe(200);

    // Control: a line that deliberately carries every secret reaches the capture, masked.
    hall.services
      .get('intake')
      ?.runtime.logger.warn(
        `pii-log-control ${no} applicant ${OWN_ID} phone ${CONTACT_PHONE} authorization: Bearer ${token}`,
      );
    hall.services
      .get('approval')
      ?.runtime.logger.error(
        { applicant: { name: '王五', idNo: WALK_IN_ID, tel: WALK_IN_PHONE } },
        `pii-log-control ${no}`,
      );

    const text = lines.join('\n');
    expect(hits(text, `pii-log-control ${no}`)).toHaveLength(2);
    expect(lines.length).toBeGreaterThan(50);
    for (const service of ['catalog', 'intake', 'approval', 'licence', 'supervision'])
      expect(text).toContain(`"service":"${service}"`);
    const found = {
      ids: [OWN_ID, WALK_IN_ID].flatMap((id) => hits(text, id)),
      phones: [OWN_PHONE, CONTACT_PHONE, POST_PHONE, WALK_IN_PHONE].flatMap((p) => hits(text, p)),
      token: [token, clerkToken, approver].flatMap((t) => hits(text, t.split('.')[1] ?? t)),
      jwt: hits(text, JWT),
    };
    expect(found).toEqual({ ids: [], phones: [], token: [], jwt: [] });
  });

  it('the copies of the applicant in approval and supervision are encrypted at rest too', async () => {
    expect(walkInNo).not.toBe('');
    const sqlOf = (service: string) => {
      const db = hall.services.get(service)?.runtime.db;
      if (!db) throw new Error(`no service ${service}`);
      return db.sql;
    };
    const [approvalCase] = await sqlOf('approval').query<{
      applicant: { name: string; idNumber: string; phone: string };
      row_text: string;
    }>('SELECT applicant, c::text AS row_text FROM approval_case c WHERE application_no = $1', [walkInNo]);
    expect(approvalCase?.applicant).toMatchObject({
      name: '王五',
      idNumber: expect.stringMatching(PII_CIPHERTEXT_PATTERN),
      phone: expect.stringMatching(PII_CIPHERTEXT_PATTERN),
    });
    expect(approvalCase?.row_text).not.toContain(WALK_IN_ID);
    const timeline = await eventually('supervision recorded the events of the case', async () => {
      const rows = await sqlOf('supervision').query<{
        type: string;
        payload: { applicant?: { idNumber: string } };
        row_text: string;
      }>('SELECT type, payload, t::text AS row_text FROM timeline_entry t WHERE case_no = $1', [walkInNo]);
      return rows.some((r) => r.type === 'intake.application.accepted') ? rows : undefined;
    });
    for (const entry of timeline) {
      expect(entry.row_text).not.toContain(WALK_IN_ID);
      expect(entry.row_text).not.toContain(WALK_IN_PHONE);
      if (entry.payload.applicant) expect(entry.payload.applicant.idNumber).toMatch(PII_CIPHERTEXT_PATTERN);
    }
    // The officers' view of the case still shows the applicant in clear.
    const approver = await request(hall.url)
      .post('/realms/hall/protocol/openid-connect/token')
      .type('form')
      .send({ grant_type: 'password', client_id: 'hall-cli', username: 'approver.market', password: 'demo' });
    const view = await request(hall.url)
      .get(`/api/approval/cases/${walkInNo}`)
      .set('authorization', `Bearer ${(approver.body as { access_token: string }).access_token}`);
    expect(view.status).toBe(200);
    expect((view.body as { applicant: { idNumber: string } }).applicant.idNumber).toBe(WALK_IN_ID);
  });
});
