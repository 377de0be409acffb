/**
 * Component tests of web screens in a real browser (playwright-core driving Debian's Chromium), without a
 * hall: the harness (apps/web/test/harness) mounts ONE screen — 在线申报 wizard, the window's actions (受理 / 一次性告知
 * / 不予受理), the lead's 审批决定, the officer's queue (待办 / 等待他人 / 已完成), search (您是不是要找, the region), the
 * synonyms editor, the 通知中心 (with the header's bell), the co-signer's task panel (会签) and the public 双公示 page —
 * inside the app's providers; the backend is stubbed per test with
 * `page.route('**\/api/**')` answering contract-shaped JSON (checked against the @hall/contracts schemas here). Each
 * test asserts the zh-CN labels, the Chinese client-side validation (and that nothing is sent), the exact request
 * of a valid submit, and the Chinese text of a server error code (never the service's English message).
 *
 * Needs /usr/bin/chromium (or CHROMIUM_PATH); without it the suite is skipped, except under CI where it fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AnnualReport,
  ApplicationPage,
  ApplicationView,
  CaseView,
  IntakeImplementation,
  LicencePage,
  RegionList,
  SearchResult,
  SynonymList,
  SynonymView,
  TaskQueue,
  NotificationInbox,
  PublicDecisionPage,
  TaskView,
} from '@hall/contracts/api';
import { chromium, type Browser, type Page, type Request, type Route } from 'playwright-core';
import { foodLicenceSnapshot } from '../../apps/catalog/src/guides/testing/snapshot.fixture.js';
import { seriousA11yViolations } from '../../apps/hall/test/support/screen-checks.js';
import { ERROR_TEXTS_ZH } from '../../apps/web/src/components/error-texts.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = (() => {
  try {
    return statSync(chromiumPath).isFile();
  } catch {
    return false;
  }
})();
if (!haveBrowser && process.env.CI)
  throw new Error(`no Chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
const describeBrowser = haveBrowser ? describe : describe.skip;

const NOW = '2026-12-05T08:00:00.000+08:00';
const APP_NO = '330106202612050000017';
const ACTOR = { userId: 'u-clerk', name: '王窗口', role: 'clerk' };

// ── contract-shaped answers (parsed with the contracts' schemas: a fixture that drifts fails here) ────────────

const [firstMaterial] = foodLicenceSnapshot().materials;
if (!firstMaterial) throw new Error('the snapshot fixture has no material');
const snapshot = foodLicenceSnapshot({
  // One required material that may be replaced by a signed promise (告知承诺): the wizard needs no upload.
  materials: [{ ...firstMaterial, required: true, promiseAllowed: true }],
  applicationForm: { fields: [] },
});
const implementation = IntakeImplementation.parse({
  code: snapshot.implementationCode,
  version: snapshot.version,
  name: snapshot.baseItem.name,
  baseCode: snapshot.baseItem.code,
  itemType: snapshot.baseItem.type,
  regionCode: snapshot.regionCode,
  implementingBody: snapshot.implementingBody.name,
  legalLimitDays: snapshot.legalLimitDays,
  promisedLimitDays: snapshot.promisedLimitDays,
  publishedAt: NOW,
  status: 'published',
  snapshot,
  updatedAt: NOW,
});

const application = ApplicationView.parse({
  no: APP_NO,
  status: 'submitted',
  statusLabel: '已申报',
  rowVersion: 1,
  implementation: {
    code: snapshot.implementationCode,
    version: snapshot.version,
    itemName: snapshot.baseItem.name,
    regionCode: snapshot.regionCode,
    implementingBody: snapshot.implementingBody.name,
    departmentCode: snapshot.implementingBody.departmentCode,
    promisedLimitDays: snapshot.promisedLimitDays,
    legalLimitDays: snapshot.legalLimitDays,
  },
  applicant: {
    kind: 'person',
    userId: 'u-zhangsan',
    name: '张三',
    idType: 'ID_CARD',
    idNumber: '330102199003071230',
    phone: '13800000000',
    email: null,
  },
  agent: null,
  submittedBy: { userId: 'u-zhangsan', name: '张三', role: 'applicant' },
  formData: { shopName: '西湖小吃店', address: '杭州市西湖区文三路1号', phone: '13800000000' },
  formFields: [],
  materials: [
    {
      materialId: 'application-form',
      name: '食品经营许可申请书',
      source: 'promise',
      round: 0,
      current: true,
      files: [],
      licenceIdentifier: null,
      promise: '本人承诺所提交材料真实有效。',
    },
  ],
  missingMaterialIds: [],
  delivery: { method: 'window', address: null, trackingNo: null },
  dates: {
    receivedAt: NOW,
    supplementDueBy: NOW,
    supplementDueByProvisional: false,
    supplementRequestedAt: null,
    dueBy: null,
    dueByProvisional: false,
    supplementedAt: null,
    acceptedAt: null,
    refusedAt: null,
    withdrawnAt: null,
    terminatedAt: null,
    decidedAt: null,
    completedAt: null,
    deliveredAt: null,
  },
  withdrawReason: null,
  terminationReason: null,
  closingAction: null,
  notices: [],
  returns: [],
  timeline: [{ from: null, to: 'submitted', action: 'submit', actor: ACTOR, note: null, at: NOW }],
  allowedActions: ['accept', 'supplement-notice', 'refuse'],
});

const CASE_ID = '0b6f3c1e-2a4d-4f6b-9c8e-1d2e3f4a5b6c';
const approvalCase = CaseView.parse({
  id: CASE_ID,
  applicationNo: APP_NO,
  status: 'open',
  jointKind: 'single',
  version: 4,
  implementation: { code: snapshot.implementationCode, version: snapshot.version },
  itemName: snapshot.baseItem.name,
  regionCode: snapshot.regionCode,
  leadDepartmentCode: 'market-regulation',
  decidingDepartmentCode: 'market-regulation',
  departmentCodes: ['market-regulation'],
  applicant: { kind: 'person', name: '张三', idType: 'ID_CARD', idNumber: '330102199003071230' },
  formData: application.formData,
  formFields: [],
  materials: [{ materialId: 'application-form', name: '食品经营许可申请书', source: 'promise', files: [] }],
  acceptanceMode: 'normal',
  acceptedAt: NOW,
  acceptedBy: { userId: 'u-clerk', name: '王窗口' },
  clocks: {
    promisedLimitDays: 5,
    legalLimitDays: 20,
    extensionDays: 0,
    promisedDueAt: NOW,
    legalDueAt: NOW,
    provisional: false,
    workingDaysUsed: 1,
    paused: false,
    stopped: false,
  },
  tasks: [
    {
      id: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      caseId: CASE_ID,
      applicationNo: APP_NO,
      itemName: snapshot.baseItem.name,
      regionCode: snapshot.regionCode,
      departmentCode: 'market-regulation',
      departmentName: '市场监督管理局',
      role: 'lead',
      status: 'completed',
      version: 3,
      assignee: { userId: 'u-approver', name: '李审批' },
      twoOfficials: false,
      pendingVerdict: null,
      deadline: {
        limitDays: 5,
        dueAt: NOW,
        workingDaysLeft: 4,
        overdue: false,
        paused: false,
        pausedSince: null,
        provisional: false,
      },
    },
  ],
  opinions: [],
  specialProcedures: [],
  closure: null,
  extension: { approver: 'department-head', days: 10, used: 0, max: 1 },
  decision: null,
});

/** The officer's work lists: a decision due and a co-signature in 待办, a case waiting for other departments. */
const leadTask = approvalCase.tasks[0];
if (!leadTask) throw new Error('the case fixture has no task');
const promisedDue = {
  limitDays: 5,
  dueAt: '2026-12-09T23:59:59.999+08:00',
  workingDaysLeft: 2,
  overdue: false,
  paused: false,
  pausedSince: null,
  provisional: false,
};
const queueOf = (view: 'todo' | 'waiting' | 'done', items: unknown[]) =>
  TaskQueue.parse({
    department: 'market-regulation',
    region: '330100',
    view,
    status: null,
    page: 1,
    pageSize: 50,
    total: items.length,
    totalCapped: false,
    items,
  });
const todoQueue = queueOf('todo', [
  { ...leadTask, action: 'decide', due: promisedDue },
  {
    ...leadTask,
    id: '6b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
    caseId: '1c7a4d2f-3b5e-4a7c-8d9f-2e3f4a5b6c7d',
    applicationNo: '330106202612050000025',
    status: 'cosign',
    twoOfficials: true,
    pendingVerdict: 'approve',
    assignee: { userId: 'u-first', name: '赵核查' },
    action: 'cosign',
    due: { ...leadTask.deadline, dueAt: '2026-12-08T23:59:59.999+08:00', workingDaysLeft: 1 },
  },
]);
const waitingQueue = queueOf('waiting', [
  {
    ...leadTask,
    id: '7c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
    caseId: '2d8b5e3a-4c6f-4b8d-9e0a-3f4a5b6c7d8e',
    applicationNo: '330106202612050000033',
    action: 'await-opinions',
    due: { ...promisedDue, workingDaysLeft: 9 },
  },
]);

/** A two-officials step (现场核查) the first official signed; the harness user is the second official. */
const cosignTask = TaskView.parse({
  ...approvalCase.tasks[0],
  status: 'cosign',
  twoOfficials: true,
  pendingVerdict: 'approve',
  firstSignature: {
    official: { userId: 'u-approver', name: '李审批' },
    opinion: '现场核查：经营场所与申报一致，设施符合要求。',
    returnItems: [],
  },
});

/** 双公示: one granted and one refused decision (applicant masked as the service masks it). */
const decisionItem = (no: string, outcome: 'approved' | 'denied') => ({
  applicationNo: no,
  itemName: snapshot.baseItem.name,
  implementingBody: snapshot.implementingBody.name,
  regionCode: '330106',
  applicant: { kind: 'person', name: '张*', idNumber: '3301**********0011' },
  outcome,
  outcomeLabel: outcome === 'approved' ? '准予许可' : '不予许可',
  decidedAt: NOW,
  publishBy: NOW,
  publishByProvisional: false,
});

/** 25 messages, newest first; the newest three unread. */
const inboxItems = Array.from({ length: 25 }, (_, i) => ({
  id: `7c0e1f2a-3b4c-4d5e-8f60-${String(i).padStart(12, '0')}`,
  applicationNo: APP_NO,
  kind: i % 2 === 0 ? 'status' : 'procedure',
  title: `办件状态更新（第 ${25 - i} 条）`,
  body: `您的办件 ${APP_NO} 有新的进展（${25 - i}）。`,
  createdAt: NOW,
  readAt: i < 3 ? null : NOW,
}));

// ── harness build, static server, browser ──────────────────────────────────────────────────────────────────

let outDir: string;
let server: Server;
let base: string;
let browser: Browser;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

beforeAll(async () => {
  if (!haveBrowser) return;
  outDir = mkdtempSync(path.join(tmpdir(), 'web-harness-'));
  const build = spawnSync(process.execPath, [path.join(root, 'apps/web/test/harness/build.mjs'), outDir], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`harness build failed:\n${build.stdout}\n${build.stderr}`);
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = path.join(outDir, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
    if (!file.startsWith(outDir)) return void res.writeHead(403).end();
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** Uncaught errors of the current test's page (a screen that throws fails its test). */
const pageErrors: string[] = [];

interface Sent {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

/** A stubbed answer: status and JSON body. */
type Answer = { status: number; body: unknown };

/**
 * Opens the harness at `?c=<component>` with `input` and the API stubbed by `answer` (by method and path); returns
 * the page and every API request the screen sent.
 */
async function mount(
  component: string,
  input: Record<string, unknown>,
  answer: (method: string, path: string, search: URLSearchParams) => Answer,
): Promise<{ page: Page; sent: Sent[] }> {
  // Reduced motion, which the app honours: sizes and colours are read without a transition half-way.
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000); // CI runs three test workers on two cores beside it
  await page.addInitScript((i) => {
    (window as unknown as { __HARNESS__: unknown }).__HARNESS__ = i;
  }, input);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const sent: Sent[] = [];
  await page.route('**/api/**', async (route: Route, request: Request) => {
    const url = new URL(request.url());
    const body = request.postData();
    sent.push({
      method: request.method(),
      path: url.pathname + url.search,
      body: body ? (JSON.parse(body) as unknown) : undefined,
      headers: request.headers(),
    });
    const a = answer(request.method(), url.pathname, url.searchParams);
    await route.fulfill({ status: a.status, contentType: 'application/json', body: JSON.stringify(a.body) });
  });
  await page.goto(`${base}/?c=${component}`);
  return { page, sent };
}

const writes = (sent: Sent[]) => sent.filter((s) => s.method !== 'GET');

/**
 * Clicks a confirmation dialog's button as a user would and waits for the harness's done mark: once more while the
 * dialog is still open and nothing was done (a click landing as the dialog mounted was lost on a loaded CI box; a
 * click that did register turns the button into a loading one, which ignores another, so at most one request goes
 * out — each test checks the requests sent).
 */
async function confirmAndWait(page: Page, name: string): Promise<void> {
  const ok = page.getByRole('button', { name, exact: true });
  const done = page.getByTestId('harness-done');
  await ok.click();
  for (let again = 0; again < 2 && !(await done.isVisible()); again++) {
    await done.waitFor({ timeout: 8000 }).catch(() => undefined);
    if (!(await done.isVisible()) && (await ok.isVisible()))
      await ok.click({ timeout: 5000 }).catch(() => undefined);
  }
  await done.waitFor();
}
const problem = (status: number, code: string, message: string) => ({
  status,
  body: { statusCode: status, code, message, correlationId: 'req-1' },
});
/** The zh-CN text of an error code (error-texts.ts). */
const zh = (code: string): string => {
  const text = ERROR_TEXTS_ZH[code];
  if (!text) throw new Error(`no zh-CN text for ${code}`);
  return text;
};
const notFound = problem(404, 'NOT_FOUND', 'no stub');

describeBrowser('web components in Chromium (stubbed API)', () => {
  let page: Page | undefined;
  afterEach(async () => {
    await page?.context().close();
    page = undefined;
    const errors = pageErrors.splice(0);
    expect(errors).toEqual([]);
  });

  describe('apply wizard (在线申报)', () => {
    const code = implementation.code;
    const stub =
      (submit: Answer) =>
      (method: string, p: string): Answer => {
        if (method === 'GET' && p === `/api/intake/implementations/${code}`)
          return { status: 200, body: implementation };
        if (method === 'POST' && p === '/api/intake/applications') return submit;
        return notFound;
      };

    async function toReview(p: Page): Promise<void> {
      await p.getByLabel('申请主体名称（店名/单位名称）').fill('西湖小吃店');
      await p.getByLabel('经营/住所地址').fill('杭州市西湖区文三路1号');
      await p.getByLabel('联系电话').fill('13800000000');
      await p.getByRole('button', { name: '下一步' }).click();
      await p.getByLabel('提交方式：食品经营许可申请书').getByText('告知承诺').click();
      await p.getByRole('button', { name: '下一步' }).click();
    }

    it('shows the form in Chinese, checks it in Chinese and sends nothing while it is incomplete', async () => {
      const m = await mount('apply-page', { roles: ['applicant'], code }, stub(notFound));
      page = m.page;
      await page.getByRole('heading', { level: 1 }).filter({ hasText: '食品经营许可' }).waitFor();
      await page.getByText('填写申请表').waitFor();
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByText('请输入申请主体名称（店名/单位名称）').waitFor();
      await page.getByText('请输入经营/住所地址').waitFor();
      expect(writes(m.sent)).toEqual([]);
    });

    it('submits exactly the application the user filled in', async () => {
      const m = await mount(
        'apply-page',
        { roles: ['applicant'], code },
        stub({ status: 201, body: application }),
      );
      page = m.page;
      await toReview(page);
      await page.getByRole('button', { name: '提交申请' }).click();
      await page.getByTestId('harness-done').filter({ hasText: 'navigated' }).waitFor();
      const posts = writes(m.sent);
      expect(posts).toHaveLength(1);
      const post = posts[0] as Sent;
      expect(post).toMatchObject({ method: 'POST', path: '/api/intake/applications' });
      expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      expect(post.body).toEqual({
        implementationCode: code,
        formData: { shopName: '西湖小吃店', address: '杭州市西湖区文三路1号', phone: '13800000000' },
        materials: [
          { materialId: 'application-form', source: 'promise', promise: expect.any(String) as unknown },
        ],
        delivery: { method: 'window' },
        contact: { phone: '13800000000' },
      });
    });

    it('checks a material file before uploading it: type and size in Chinese, nothing sent', async () => {
      const m = await mount('apply-page', { roles: ['applicant'], code }, stub(notFound));
      page = m.page;
      await page.getByLabel('申请主体名称（店名/单位名称）').fill('西湖小吃店');
      await page.getByLabel('经营/住所地址').fill('杭州市西湖区文三路1号');
      await page.getByLabel('联系电话').fill('13800000000');
      await page.getByRole('button', { name: '下一步' }).click();
      const picker = page.getByLabel('上传：食品经营许可申请书');
      await page.getByText('点击或将文件拖到此处上传').waitFor();
      await picker.setInputFiles({
        name: '营业执照扫描件.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
      });
      await page
        .getByTestId('upload-error')
        .filter({ hasText: '文件「营业执照扫描件.pdf」有 10.0 MB，超过 10 MB 的上限' })
        .waitFor();
      await picker.setInputFiles({
        name: '说明.docx',
        mimeType: 'application/msword',
        buffer: Buffer.from('x'),
      });
      await page.getByTestId('upload-error').filter({ hasText: '不是 PDF、JPG 或 PNG 格式' }).waitFor();
      await picker.setInputFiles({ name: '空白.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) });
      await page.getByTestId('upload-error').filter({ hasText: '是空文件' }).waitFor();
      expect(m.sent.filter((s) => s.path.startsWith('/api/intake/files'))).toEqual([]);
      expect(writes(m.sent)).toEqual([]);
    });

    it('prefills 邮寄 from the account and the form; a disabled 提交申请 says what is missing', async () => {
      const m = await mount(
        'apply-page',
        { roles: ['applicant'], code },
        stub({ status: 201, body: application }),
      );
      page = m.page;
      await toReview(page);
      await page.getByRole('radio', { name: '邮寄送达' }).check();
      await page.getByTestId('post-prefilled').waitFor();
      expect(await page.getByLabel('收件人').inputValue()).toBe('测试用户');
      expect(await page.getByLabel('邮寄地址').inputValue()).toBe('杭州市西湖区文三路1号');
      expect(await page.getByRole('textbox', { name: '联系电话' }).inputValue()).toBe('13800000000');
      await page.getByLabel('收件人').fill('');
      await page.getByLabel('邮寄地址').fill('');
      const submit = page.getByRole('button', { name: '提交申请' });
      expect(await submit.isDisabled()).toBe(true);
      const missing = page.getByTestId('submit-missing');
      expect(await missing.textContent()).toBe('还不能提交，请先完成：填写收件人填写邮寄地址');
      expect(await submit.getAttribute('aria-describedby')).toBe('submit-missing');
      await page.getByLabel('收件人').fill('李四');
      await page.getByLabel('邮寄地址').fill('杭州市上城区解放路 1 号');
      expect(await missing.count()).toBe(0);
      await submit.click();
      await page.getByTestId('harness-done').filter({ hasText: 'navigated' }).waitFor();
      expect((writes(m.sent)[0]?.body as { delivery: unknown }).delivery).toEqual({
        method: 'post',
        address: { recipient: '李四', phone: '13800000000', address: '杭州市上城区解放路 1 号' },
      });
    });

    it('shows the Chinese text of a 422 code, not the English message', async () => {
      const m = await mount(
        'apply-page',
        { roles: ['applicant'], code },
        stub(problem(422, 'VALIDATION_FAILED', 'body/formData must be object')),
      );
      page = m.page;
      await toReview(page);
      await page.getByRole('button', { name: '提交申请' }).click();
      await page.getByText(zh('VALIDATION_FAILED')).first().waitFor();
      expect(await page.getByText('body/formData must be object').count()).toBe(0);
    });
  });

  describe('window actions (综合窗口)', () => {
    const actPath = (action: string) => `/api/intake/applications/${APP_NO}/${action}`;
    const stub =
      (result: Answer) =>
      (method: string, p: string): Answer =>
        method === 'POST' && p.startsWith(`/api/intake/applications/${APP_NO}/`) ? result : notFound;
    const ok = { status: 200, body: application };

    it('accepts after the confirmation, sending the opinion', async () => {
      const m = await mount('desk-actions', { roles: ['clerk'], application }, stub(ok));
      page = m.page;
      for (const tab of ['受理', '一次性告知（补正）', '不予受理'])
        await page.getByRole('tab', { name: tab, exact: true }).waitFor();
      await page.getByLabel('受理意见（可选）').fill('材料齐全');
      await page.getByRole('tabpanel').getByRole('button', { name: '受理', exact: true }).click();
      expect(writes(m.sent)).toEqual([]); // nothing before 确认受理
      await confirmAndWait(page, '确认受理');
      expect(writes(m.sent).map(({ method, path: p, body }) => ({ method, path: p, body }))).toEqual([
        { method: 'POST', path: actPath('accept'), body: { mode: 'normal', opinion: '材料齐全' } },
      ]);
    });

    it('keeps a loading button’s Chinese name: no English "loading" label, none left once it is done', async () => {
      const m = await mount('desk-actions', { roles: ['clerk'], application }, stub(ok));
      page = m.page;
      // The accept request is held until the loading button has been looked at.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route(`**${actPath('accept')}`, async (route: Route) => {
        await held;
        await route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify(application),
        });
      });
      await page.getByRole('tabpanel').getByRole('button', { name: '受理', exact: true }).click();
      const confirmOk = page.getByRole('button', { name: '确认受理', exact: true });
      await confirmOk.click();
      await page.locator('.ant-modal .ant-btn-loading').waitFor();
      // antd's default spinner is an icon labelled "loading": the button's name would read "loading 确认受理".
      expect(await confirmOk.count()).toBe(1);
      expect(await page.locator('[aria-label="loading"], .anticon-loading').count()).toBe(0);
      release();
      await page.getByTestId('harness-done').waitFor();
      expect(await page.locator('.button-spinner, [aria-label="loading"]').count()).toBe(0);
    });

    it('refuses only with reasons (Chinese validation), then sends them', async () => {
      const m = await mount('desk-actions', { roles: ['clerk'], application }, stub(ok));
      page = m.page;
      await page.getByRole('tab', { name: '不予受理', exact: true }).click();
      const panel = page.getByRole('tabpanel', { name: '不予受理' });
      await panel.getByRole('button', { name: '不予受理' }).click();
      await page.getByText('请输入不予受理理由').waitFor();
      expect(writes(m.sent)).toEqual([]);
      await panel.getByLabel('不予受理理由').fill('不属于本机关职权范围');
      await panel.getByRole('button', { name: '不予受理' }).click();
      await confirmAndWait(page, '确认不予受理');
      expect(writes(m.sent).map(({ method, path: p, body }) => ({ method, path: p, body }))).toEqual([
        { method: 'POST', path: actPath('refuse'), body: { reasons: '不属于本机关职权范围' } },
      ]);
    });

    it('sends a supplement notice only when each ticked material says what is wrong; a 409 reads in Chinese', async () => {
      const m = await mount(
        'desk-actions',
        { roles: ['clerk'], application },
        stub(problem(409, 'ILLEGAL_TRANSITION', 'cannot supplement-notice in status accepted')),
      );
      page = m.page;
      await page.getByRole('tab', { name: '一次性告知（补正）' }).click();
      const send = page.getByRole('button', { name: '发送一次性告知书' });
      await page.getByText('有问题：食品经营许可申请书').click();
      expect(await send.isDisabled()).toBe(true);
      await page.getByLabel('食品经营许可申请书 的问题').fill('缺少法定代表人签字');
      await send.click();
      await page.getByText('办件当前状态不允许此操作', { exact: false }).first().waitFor();
      expect(await page.getByText('cannot supplement-notice').count()).toBe(0);
      expect(writes(m.sent).map(({ method, path: p, body }) => ({ method, path: p, body }))).toEqual([
        {
          method: 'POST',
          path: actPath('supplement-notice'),
          body: { items: [{ materialId: 'application-form', problem: '缺少法定代表人签字' }] },
        },
      ]);
    });
  });

  describe('approval decision panel (审批决定)', () => {
    const decidePath = `/api/approval/cases/${APP_NO}/decide`;
    const stub =
      (result: Answer) =>
      (method: string, p: string): Answer =>
        method === 'POST' && p === decidePath ? result : notFound;

    it('asks for reasons in Chinese and sends nothing without them', async () => {
      const m = await mount(
        'decide-panel',
        { roles: ['approver'], case: approvalCase },
        stub({ status: 200, body: approvalCase }),
      );
      page = m.page;
      await page.getByRole('heading', { name: '审批决定' }).waitFor();
      await page.getByLabel('决定理由').fill('');
      await page.getByRole('button', { name: '审批决定' }).click();
      await page.getByText('请输入决定理由').waitFor();
      expect(writes(m.sent)).toEqual([]);
    });

    it('sends the denial with its reasons and the case version after the confirmation', async () => {
      const m = await mount(
        'decide-panel',
        { roles: ['approver'], case: approvalCase },
        stub({ status: 200, body: { ...approvalCase, status: 'decided' } }),
      );
      page = m.page;
      await page.getByText('不予许可', { exact: true }).click();
      await page.getByLabel('决定理由').fill('经营场所不符合要求');
      await page.getByRole('button', { name: '审批决定' }).click();
      await confirmAndWait(page, '确认不予许可');
      expect(writes(m.sent).map(({ method, path: p, body }) => ({ method, path: p, body }))).toEqual([
        {
          method: 'POST',
          path: decidePath,
          body: { outcome: 'denied', reasons: '经营场所不符合要求', version: 4 },
        },
      ]);
    });

    it('shows the Chinese text of a stale version, not the English message', async () => {
      const m = await mount(
        'decide-panel',
        { roles: ['approver'], case: approvalCase },
        stub(problem(409, 'STALE_VERSION', 'expected version 4, found 5')),
      );
      page = m.page;
      await page.getByRole('button', { name: '审批决定' }).click();
      await page.getByRole('button', { name: '确认准予许可' }).click();
      await page.getByText(zh('STALE_VERSION'), { exact: false }).first().waitFor();
      expect(await page.getByText('expected version 4').count()).toBe(0);
      expect(await page.getByTestId('harness-done').count()).toBe(0);
    });
  });
  describe('approval queue (审批工作台)', () => {
    const stub = (method: string, p: string, q: URLSearchParams): Answer => {
      if (method !== 'GET' || p !== '/api/approval/tasks') return notFound;
      const view = q.get('view');
      return {
        status: 200,
        body: view === 'todo' ? todoQueue : view === 'waiting' ? waitingQueue : queueOf('done', []),
      };
    };
    const row = (p: Page, no: string) => p.locator(`.task-row[data-no="${no}"]`);

    it('待办 lists what the officer acts on, each row with its due action in Chinese and its deadline', async () => {
      const m = await mount('approval-queue', { roles: ['approver'] }, stub);
      page = m.page;
      for (const tab of ['待办', '等待他人', '已完成'])
        await page.getByRole('radiogroup', { name: '工作清单' }).getByText(tab, { exact: true }).waitFor();
      const decide = row(page, APP_NO);
      await decide.getByText('待作出决定', { exact: true }).waitFor();
      await expect(decide.locator('[data-deadline]').textContent()).resolves.toMatch(/（剩 2 个工作日）$/);
      await expect(decide.locator('[data-deadline]').getAttribute('data-deadline')).resolves.toBe('gold');
      const cosign = row(page, '330106202612050000025');
      await cosign.getByText('待会签', { exact: true }).waitFor();
      await expect(cosign.locator('[data-deadline]').textContent()).resolves.toMatch(/（剩 1 个工作日）$/);
      expect(m.sent.map((s) => s.path)).toEqual(['/api/approval/tasks?view=todo&page=1&pageSize=50']);

      await page.getByRole('radiogroup', { name: '工作清单' }).getByText('等待他人', { exact: true }).click();
      const waiting = row(page, '330106202612050000033');
      await waiting.getByText('待各部门意见', { exact: true }).waitFor();
      expect(await page.getByText('待作出决定').count()).toBe(0);
      expect(m.sent.map((s) => s.path).at(-1)).toBe('/api/approval/tasks?view=waiting&page=1&pageSize=50');
      // Nothing English or raw: no action code, no status code on the screen.
      const text = (await page.locator('.result-list').textContent()) ?? '';
      expect(text).not.toMatch(/await-|decide|cosign|completed|[A-Za-z]{4,}/);

      await row(page, '330106202612050000033').getByRole('link').click();
      await page.getByTestId('harness-done').filter({ hasText: 'navigated' }).waitFor();
    });
  });

  describe('search (办事指南搜索): 您是不是要找 and the remembered region', () => {
    const regions = RegionList.parse([
      { code: '330000', name: '浙江省', kind: 'province', parentCode: null },
      { code: '330100', name: '杭州市', kind: 'city', parentCode: '330000' },
      { code: '330106', name: '杭州市西湖区', kind: 'county', parentCode: '330100' },
    ]);
    const result = (over: Partial<SearchResult>): SearchResult =>
      SearchResult.parse({
        total: 0,
        totalExact: true,
        page: 1,
        pageSize: 20,
        items: [],
        expandedBy: [],
        suggestions: [],
        ...over,
      });
    const hit = {
      implementationCode: '113301060066792104010010010001',
      version: 1,
      name: '企业设立登记',
      baseCode: '010010020000',
      type: '01',
      level: '4',
      regionCode: '330106',
      departmentCode: 'market-regulation',
      bodyName: '杭州市西湖区市场监督管理局',
      online: true,
      caseType: '2',
      promisedDays: 3,
    };
    const searches = (sent: Sent[]) =>
      sent
        .filter((x) => x.method === 'GET' && x.path.startsWith('/api/catalog/implementations'))
        .map((x) => new URL(x.path, 'http://x').searchParams);
    const stub =
      (answers: Record<string, SearchResult>) =>
      (method: string, p: string, query: URLSearchParams): Answer => {
        if (method === 'GET' && p === '/api/catalog/regions') return { status: 200, body: regions };
        if (method === 'GET' && p === '/api/catalog/implementations')
          return { status: 200, body: answers[query.get('q') ?? ''] ?? result({}) };
        return notFound;
      };
    const searchFor = (p: Page, test: (q: URLSearchParams) => boolean) =>
      p.waitForRequest((r) => {
        const url = new URL(r.url());
        return url.pathname === '/api/catalog/implementations' && test(url.searchParams);
      });

    it('offers the suggestions of a keyword that found nothing as links that search for them', async () => {
      const answers = {
        食品许可经营: result({ suggestions: ['食品经营许可（新办）', '食品经营许可（变更）'] }),
        '食品经营许可（新办）': result({ total: 1, items: [{ ...hit, name: '食品经营许可（新办）' }] }),
      };
      const m = await mount(
        'search-page',
        { path: `/search?q=${encodeURIComponent('食品许可经营')}` },
        stub(answers),
      );
      page = m.page;
      await page.getByText('没有找到相关事项').waitFor();
      const dym = page.getByTestId('did-you-mean');
      await dym.getByText('您是不是要找：').waitFor();
      await dym.getByRole('link', { name: '食品经营许可（变更）' }).waitFor();
      await dym.getByRole('link', { name: '食品经营许可（新办）' }).click();
      await page.getByText('共找到 1 个事项').waitFor();
      expect(searches(m.sent).at(-1)?.get('q')).toBe('食品经营许可（新办）');
    });

    it('searches the picked region, remembers it for the next visit, and can search all regions again', async () => {
      const answers = { 营业执照: result({ total: 1, items: [hit], expandedBy: ['营业执照'] }) };
      const m = await mount(
        'search-page',
        { path: `/search?q=${encodeURIComponent('营业执照')}` },
        stub(answers),
      );
      page = m.page;
      await page.getByText('共找到 1 个事项').waitFor();
      await page.getByText('已同时按“营业执照”的常用说法查找').waitFor();
      expect(searches(m.sent).at(-1)?.get('region')).toBeNull();
      await page.getByLabel('行政区划').click();
      await page.locator('li.ant-cascader-menu-item[title="浙江省"]').hover();
      await page.locator('li.ant-cascader-menu-item[title="杭州市"]').hover();
      const picked = searchFor(page, (q) => q.get('region') === '330106');
      await page.locator('li.ant-cascader-menu-item[title="杭州市西湖区"]').click();
      await picked;
      expect(await page.evaluate(() => localStorage.getItem('hall.search.region'))).toBe('330106');
      // Next visit, a link without a region: the remembered one applies.
      const remembered = searchFor(page, (q) => q.get('region') === '330106' && q.get('q') === '营业执照');
      await page.reload();
      await remembered;
      await page.getByText('共找到 1 个事项').waitFor();
      await page.getByTitle('杭州市西湖区').first().waitFor();
      // Searching all regions again forgets the choice.
      const all = searchFor(page, (q) => q.get('region') === null);
      await page
        .locator('#filter-region')
        .locator('xpath=ancestor::div[contains(@class,"ant-select")][1]')
        .hover();
      await page.locator('.ant-select-clear').first().click();
      await all;
      expect(await page.evaluate(() => localStorage.getItem('hall.search.region'))).toBeNull();
    });
  });

  describe('search synonyms (搜索同义词, catalog admin)', () => {
    const list = SynonymList.parse([
      {
        alias: '营业执照',
        expansions: ['企业设立登记', '个体工商户登记'],
        updatedBy: 'catalog.admin',
        updatedAt: NOW,
      },
    ]);
    const added = SynonymView.parse({
      alias: '开药铺',
      expansions: ['药品零售企业许可'],
      updatedBy: 'catalog.admin',
      updatedAt: NOW,
    });
    const stub =
      (add: Answer) =>
      (method: string, p: string): Answer => {
        if (method === 'GET' && p === '/api/catalog/search-synonyms') return { status: 200, body: list };
        if (method === 'POST' && p === '/api/catalog/search-synonyms') return add;
        return notFound;
      };

    it('lists the synonyms and checks a new one in Chinese, sending nothing while it is wrong', async () => {
      const m = await mount(
        'synonyms-page',
        { roles: ['catalog-admin'] },
        stub({ status: 201, body: added }),
      );
      page = m.page;
      await page.getByRole('heading', { level: 1, name: '搜索同义词' }).waitFor();
      const table = page.getByTestId('synonyms');
      await table.getByText('营业执照').waitFor();
      await table.getByText('个体工商户登记').waitFor();
      await page.getByRole('button', { name: '添加同义词' }).click();
      await page.getByText('请填写别名').waitFor();
      await page.getByText('请至少填写一个对应词').waitFor();
      await page.getByLabel('别名').fill('社保');
      await page.getByLabel('对应词').fill('社保');
      await page.getByLabel('对应词').press('Enter');
      await page.getByRole('button', { name: '添加同义词' }).click();
      await page.getByText('对应词不能与别名相同').waitFor();
      expect(writes(m.sent)).toEqual([]);
    });

    it('adds exactly the synonym typed (several words, Chinese separators)', async () => {
      const m = await mount(
        'synonyms-page',
        { roles: ['catalog-admin'] },
        stub({ status: 201, body: added }),
      );
      page = m.page;
      await page.getByLabel('别名').fill('开药铺');
      await page.getByLabel('对应词').fill('药品零售企业许可、药店');
      await page.getByLabel('对应词').press('Enter');
      await page.getByRole('button', { name: '添加同义词' }).click();
      await page.getByText('已添加同义词“开药铺”').waitFor();
      expect(writes(m.sent).map(({ method, path: p, body }) => ({ method, path: p, body }))).toEqual([
        {
          method: 'POST',
          path: '/api/catalog/search-synonyms',
          body: { alias: '开药铺', expansions: ['药品零售企业许可', '药店'] },
        },
      ]);
    });

    it('shows the Chinese text of SYNONYM_EXISTS on the alias, not the English message', async () => {
      const m = await mount(
        'synonyms-page',
        { roles: ['catalog-admin'] },
        stub(problem(409, 'SYNONYM_EXISTS', 'alias: "营业执照" already has a synonym')),
      );
      page = m.page;
      await page.getByLabel('别名').fill('营业执照');
      await page.getByLabel('对应词').fill('企业开办');
      await page.getByLabel('对应词').press('Enter');
      await page.getByRole('button', { name: '添加同义词' }).click();
      await page.getByText(zh('SYNONYM_EXISTS')).waitFor();
      expect(await page.getByText('already has a synonym').count()).toBe(0);
    });
  });
  describe('notification centre (通知中心)', () => {
    /** The inbox API over a list the test changes: paging, 只看未读, 标为已读. */
    function inboxStub(items: typeof inboxItems, failRead?: Answer) {
      return (method: string, p: string, q: URLSearchParams): Answer => {
        if (method === 'GET' && p === '/api/intake/notifications') {
          const pageNo = Number(q.get('page') ?? '1');
          const size = Number(q.get('pageSize') ?? '20');
          const shown = q.get('unread') ? items.filter((n) => n.readAt === null) : items;
          return {
            status: 200,
            body: NotificationInbox.parse({
              total: shown.length,
              unread: items.filter((n) => n.readAt === null).length,
              items: shown.slice((pageNo - 1) * size, pageNo * size),
            }),
          };
        }
        const read = /^\/api\/intake\/notifications\/([^/]+)\/read$/.exec(p);
        if (method === 'POST' && read) {
          if (failRead) return failRead;
          const n = items.find((x) => x.id === read[1]);
          if (!n) return notFound;
          n.readAt = NOW;
          return { status: 200, body: { id: n.id, read: true } };
        }
        return notFound;
      };
    }
    const fresh = () => inboxItems.map((n) => ({ ...n }));

    it('shows the unread count on the bell and lists the messages page by page', async () => {
      const m = await mount('notifications', { roles: ['applicant'] }, inboxStub(fresh()));
      page = m.page;
      await page.getByRole('heading', { level: 1, name: '通知中心' }).waitFor();
      await page.getByRole('link', { name: '通知中心，3 条未读' }).waitFor();
      await page.getByTestId('notif-summary').filter({ hasText: '共 25 条，未读 3 条' }).waitFor();
      const rows = page.locator('.notification-row');
      expect(await rows.count()).toBe(20);
      expect(await page.locator('.notification-row[data-read="false"]').count()).toBe(3);
      await page.getByText('办件状态更新（第 25 条）').waitFor();
      await page.getByRole('listitem', { name: '2' }).click();
      await page.getByText('办件状态更新（第 1 条）').waitFor();
      expect(await rows.count()).toBe(5);
      expect(m.sent.some((s) => s.path === '/api/intake/notifications?page=2&pageSize=20')).toBe(true);
      expect(writes(m.sent)).toEqual([]);
    });

    it('marks a message read: the row and the bell update; 只看未读 lists only the unread ones', async () => {
      const items = fresh();
      const m = await mount('notifications', { roles: ['applicant'] }, inboxStub(items));
      page = m.page;
      const first = page.locator(`.notification-row[data-id="${items[0]?.id ?? ''}"]`);
      await first.getByRole('button', { name: '标为已读' }).click();
      await page.locator(`.notification-row[data-id="${items[0]?.id ?? ''}"][data-read="true"]`).waitFor();
      await page.getByRole('link', { name: '通知中心，2 条未读' }).waitFor();
      expect(writes(m.sent).map(({ method, path: p }) => ({ method, path: p }))).toEqual([
        { method: 'POST', path: `/api/intake/notifications/${items[0]?.id ?? ''}/read` },
      ]);
      await page.getByRole('switch').click();
      await page.getByTestId('notif-summary').filter({ hasText: '共 2 条，未读 2 条' }).waitFor();
      expect(await page.locator('.notification-row').count()).toBe(2);
      expect(m.sent.some((s) => s.path === '/api/intake/notifications?page=1&pageSize=20&unread=1')).toBe(
        true,
      );
      await page
        .locator('.notification-row')
        .first()
        .getByRole('link', { name: `办件 ${APP_NO}` })
        .click();
      await page.getByTestId('harness-done').filter({ hasText: 'navigated' }).waitFor();
    });

    it('says in Chinese when a message cannot be marked read, not the English message', async () => {
      const m = await mount(
        'notifications',
        { roles: ['applicant'] },
        inboxStub(fresh(), problem(404, 'NOT_FOUND', 'notification not found')),
      );
      page = m.page;
      await page.locator('.notification-row').first().getByRole('button', { name: '标为已读' }).click();
      await page.getByText(zh('NOT_FOUND'), { exact: false }).first().waitFor();
      expect(await page.getByText('notification not found').count()).toBe(0);
      await page.getByRole('link', { name: '通知中心，3 条未读' }).waitFor();
    });
  });

  describe('co-signing (会签) a two-officials step', () => {
    const completePath = `/api/approval/tasks/${cosignTask.id}/complete`;

    it('shows the second official what the first one signed, then sends the co-signature', async () => {
      const m = await mount('task-panel', { roles: ['approver'], task: cosignTask }, (method, p) =>
        method === 'POST' && p === completePath
          ? { status: 200, body: { ...cosignTask, status: 'completed', firstSignature: undefined } }
          : notFound,
      );
      page = m.page;
      const signed = page.getByTestId('first-signature');
      await signed.getByRole('heading', { name: '第一位人员的核查意见' }).waitFor();
      await signed.getByText('李审批', { exact: true }).waitFor();
      await signed.getByText('同意', { exact: true }).waitFor();
      await signed.getByText('现场核查：经营场所与申报一致，设施符合要求。').waitFor();
      await page.getByLabel('审查意见').fill('复核属实，同意。');
      await page.getByRole('button', { name: '会签确认' }).click();
      await page.getByTestId('harness-done').waitFor();
      expect(writes(m.sent).map(({ method, path: p, body }) => ({ method, path: p, body }))).toEqual([
        {
          method: 'POST',
          path: completePath,
          body: { verdict: 'approve', opinion: '复核属实，同意。', version: cosignTask.version },
        },
      ]);
    });
  });
  describe('我的证照 of a heavy user (85 licences): paged and filtered on the server', () => {
    const TYPES = ['JY', 'GT', 'TZ'] as const;
    const licence = (n: number) => ({
      identifier: `1.2.156.3005.2.${TYPES[n % 3]}.11330102002497398X.${String(n).padStart(6, '0')}.001.A`,
      name: `${['食品经营许可证', '营业执照', '特种设备使用登记证'][n % 3]} ${n}`,
      typeCode: TYPES[n % 3],
      version: 1,
      previousIdentifier: null,
      supersededBy: null,
      status: 'valid',
      statusLabel: '有效',
      statusReason: null,
      statusChangedAt: null,
      holder: { kind: 'person', name: '张三', idType: 'ID_CARD', idNumber: '330102199003071230' },
      issuer: { name: '杭州市上城区市场监督管理局', uscc: '11330102002497398X', departmentCode: 'market' },
      applicationNo: `3301022026120500${String(n).padStart(5, '0')}`,
      jurisdiction: '330102',
      issuedAt: NOW,
      validFrom: NOW,
      validUntil: null,
      validity: '长期',
      fields: [],
      signature: { algorithm: 'Ed25519', keyId: 'k1', value: 'c2ln' },
      qrText: 'qr',
      qrRecord: {},
      pdf: { status: 'done', sha256: null },
    });
    const all = Array.from({ length: 85 }, (_, i) => licence(i + 1));
    const answer = (method: string, p: string, q: URLSearchParams): Answer => {
      if (method !== 'GET' || p !== '/api/licence/licences') return notFound;
      const size = Number(q.get('pageSize') ?? 20);
      const page = Number(q.get('page') ?? 1);
      const hits = all.filter(
        (l) =>
          (!q.get('type') || l.typeCode === q.get('type')) &&
          (!q.get('q') || l.name.includes(q.get('q') ?? '') || l.applicationNo.includes(q.get('q') ?? '')),
      );
      const body = LicencePage.parse({
        total: hits.length,
        page,
        pageSize: size,
        items: hits.slice((page - 1) * size, page * size),
        facets: {
          types: [
            { code: 'JY', name: '食品经营许可证' },
            { code: 'GT', name: '营业执照' },
            { code: 'TZ', name: '特种设备使用登记证' },
          ],
          statuses: [{ status: 'valid', label: '有效' }],
          issuers: [{ uscc: '11330102002497398X', name: '杭州市上城区市场监督管理局' }],
        },
      });
      return { status: 200, body };
    };
    const queries = (sent: Sent[]) =>
      sent
        .filter((x) => x.path.startsWith('/api/licence/licences'))
        .map((x) => Object.fromEntries(new URL(x.path, 'http://x').searchParams));

    it('shows one page of cards, pages and filters through the service', async () => {
      const m = await mount('wallet', { roles: ['applicant'] }, answer);
      page = m.page;
      const cards = page.locator('.licence-card');
      await page.getByText('食品经营许可证 3', { exact: true }).waitFor();
      expect(await cards.count()).toBe(12);
      await page.locator('.pager .ant-pagination-item-2').click();
      await page.getByText('营业执照 13', { exact: false }).first().waitFor();
      await page.getByLabel('证照类型').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '营业执照' }).click();
      await page.getByText('营业执照 34', { exact: true }).waitFor();
      await page.getByLabel('按证照名称或标识查找').fill('33010220261205000000');
      await page.getByLabel('按证照名称或标识查找').press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('.licence-card').length === 3);
      expect(queries(m.sent)).toEqual([
        { mine: '1', pageSize: '12', page: '1' },
        { mine: '1', pageSize: '12', page: '2' },
        { mine: '1', pageSize: '12', page: '1', type: 'GT' },
        { mine: '1', pageSize: '12', page: '1', type: 'GT', q: '33010220261205000000' },
      ]);
    });

    it('opens with the filters and page of its link; a bad value in the link is ignored', async () => {
      const m = await mount(
        'wallet',
        { roles: ['applicant'], path: '/me/licences?type=GT&page=2&status=bogus' },
        answer,
      );
      page = m.page;
      await page.getByText('营业执照 37', { exact: true }).waitFor();
      expect(queries(m.sent)).toEqual([{ mine: '1', pageSize: '12', page: '2', type: 'GT' }]);
    });

    it('at 375 px the wallet is a page of cards, not 85 of them, and nothing overflows sideways', async () => {
      const m = await mount('wallet', { roles: ['applicant'] }, answer);
      page = m.page;
      await page.setViewportSize({ width: 375, height: 812 });
      await page.getByText('食品经营许可证 3', { exact: true }).waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.licence-card').length === 6);
      await page.locator('.pager').waitFor();
      const size = await page.evaluate(() => ({
        height: document.documentElement.scrollHeight,
        over: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      }));
      expect(size.over).toBeLessThanOrEqual(0);
      // Six cards a page on a phone (twelve on a wide screen), each about a screen high at most.
      expect(await page.locator('.licence-card').count()).toBe(6);
      expect(size.height).toBeLessThan(812 * 5);
      console.log(`wallet at 375 px: ${size.height} px high`);
    });
  });

  describe('双公示 decisions (public)', () => {
    const stub = (method: string, p: string, q: URLSearchParams): Answer => {
      if (method !== 'GET' || p !== '/api/intake/public/decisions') return notFound;
      const all = [decisionItem(APP_NO, 'approved'), decisionItem('330106202612050000018', 'denied')];
      const outcome = q.get('outcome');
      const items = all.filter((d) => !outcome || d.outcome === outcome);
      return {
        status: 200,
        body: PublicDecisionPage.parse({ total: items.length, page: 1, pageSize: 20, items }),
      };
    };

    it('lists the decisions, checks the region code in Chinese and searches by region and outcome', async () => {
      const m = await mount('decisions', { roles: [] }, stub);
      page = m.page;
      await page.getByRole('heading', { level: 1, name: '行政许可决定公示（双公示）' }).waitFor();
      await page.locator('.decision-row').nth(1).waitFor();
      expect(await page.locator('.decision-row').count()).toBe(2);
      await page.locator(`.decision-row[data-no="${APP_NO}"]`).getByText('准予许可').waitFor();
      await page.getByText('张*').first().waitFor();
      const before = m.sent.length;
      await page.getByLabel('行政区划代码').fill('3301');
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByText('行政区划代码应为 6 位数字').waitFor();
      expect(m.sent.length).toBe(before);
      await page.getByLabel('行政区划代码').fill('330106');
      await page.getByLabel('决定结果').selectOption({ label: '不予许可' });
      await page.getByRole('button', { name: '查询' }).click();
      await page.locator('.decision-row[data-outcome="denied"]').waitFor();
      await page.locator('.decision-row[data-outcome="approved"]').waitFor({ state: 'detached' });
      expect(m.sent.at(-1)?.path).toBe('/api/intake/public/decisions?region=330106&outcome=denied&page=1');
    });
  });

  describe('我的办件: the 承诺办结 due date while the application runs', () => {
    const row = (no: string, status: string, acceptedAt: string | null, dueBy: string | null) => ({
      no,
      status,
      statusLabel: status,
      itemName: '食品经营许可（新办）',
      implementationCode: snapshot.implementationCode,
      implementationVersion: 1,
      regionCode: '330106',
      applicantName: '张三',
      agent: false,
      receivedAt: NOW,
      supplementDueBy: NOW,
      supplementDueByProvisional: false,
      acceptedAt,
      completedAt: status === 'completed' ? NOW : null,
      promisedLimitDays: 7,
      dueBy,
      dueByProvisional: false,
    });
    const RUNNING = '330106202612050000021';
    const WAITING = '330106202612050000022';
    const WITHDRAWN = '330106202612050000023';
    const COMPLETED = '330106202612050000024';
    const answer = (method: string, p: string): Answer =>
      method === 'GET' && p === '/api/intake/applications'
        ? {
            status: 200,
            body: ApplicationPage.parse({
              total: 4,
              page: 1,
              pageSize: 20,
              items: [
                row(RUNNING, 'accepted', NOW, '2026-12-14T15:59:59.999Z'),
                row(WAITING, 'submitted', null, null),
                // Ended after acceptance: the service sends no due date any more.
                row(WITHDRAWN, 'withdrawn', NOW, null),
                row(COMPLETED, 'completed', NOW, null),
              ],
            }),
          }
        : notFound;

    it('shows the due date of a running one, 受理后起算 before acceptance, and only the time limit once ended', async () => {
      const m = await mount('my-applications', { roles: ['applicant'], path: '/me/applications' }, answer);
      page = m.page;
      const line = (no: string) =>
        m.page.locator(`.application-row[data-no="${no}"]`).getByTestId('due-line');
      await line(COMPLETED).waitFor();
      expect(await line(RUNNING).innerText()).toBe('承诺办结时限：7 个工作日 · 应办结日期：2026/12/14');
      expect(await line(WAITING).innerText()).toBe('承诺办结时限：7 个工作日 · 受理后起算');
      for (const ended of [WITHDRAWN, COMPLETED]) {
        expect(await line(ended).innerText()).toBe('承诺办结时限：7 个工作日');
        expect(await line(ended).getByTestId('due-by').count()).toBe(0);
      }
    });
  });

  describe('the frame: 长辈版 (适老化) and breadcrumbs', () => {
    const px = (p: Page, testId: string, prop: 'fontSize' | 'height') =>
      p.getByTestId(testId).evaluate((el, k) => parseFloat(getComputedStyle(el)[k]), prop);
    const crumbs = (p: Page) => p.getByTestId('breadcrumbs').locator('li').allInnerTexts();
    const noApi = (): Answer => notFound;

    it('derives the breadcrumbs from the route table, links the ancestors with the current params', async () => {
      const m = await mount('frame', { roles: ['applicant'], path: '/apply/X123' }, noApi);
      page = m.page;
      await page.getByTestId('harness-done').getByText('apply').waitFor();
      expect(await crumbs(page)).toEqual(['首页', '办事指南', '事项详情', '在线申报']);
      const nav = page.getByRole('navigation', { name: '当前位置' });
      expect(await nav.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
        '/',
        '/search',
        '/items/X123',
      ]);
      expect(await nav.locator('[aria-current="page"]').innerText()).toBe('在线申报');
      await nav.getByRole('link', { name: '事项详情' }).click();
      await page.getByTestId('probe-text').waitFor();
      expect(await crumbs(page)).toEqual(['首页', '办事指南', '事项详情']);
    });

    it('switches to 长辈版 (18 px text, 16 px tags, 48 px buttons), keeps it across visits and switches back', async () => {
      const m = await mount('frame', { roles: ['applicant'], path: '/items/X123' }, noApi);
      page = m.page;
      await page.getByTestId('probe-text').waitFor();
      const toggle = page.getByTestId('elder-switch');
      expect(await toggle.innerText()).toBe('长辈版');
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      // Standard: body 14 px, and no tag under 14 px either.
      expect(await px(page, 'probe-text', 'fontSize')).toBe(14);
      expect(await px(page, 'probe-tag', 'fontSize')).toBe(14);
      await toggle.click();
      await page.getByRole('button', { name: '标准版' }).waitFor();
      expect(await toggle.getAttribute('aria-pressed')).toBe('true');
      expect(await px(page, 'probe-text', 'fontSize')).toBe(18);
      expect(await px(page, 'probe-tag', 'fontSize')).toBeGreaterThanOrEqual(16);
      expect(await px(page, 'probe-button', 'fontSize')).toBeGreaterThanOrEqual(18);
      expect(await px(page, 'probe-button', 'height')).toBeGreaterThanOrEqual(48);
      expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true);
      // Kept for the next visit.
      await page.reload();
      await page.getByTestId('probe-text').waitFor();
      expect(await page.getByTestId('elder-switch').innerText()).toBe('标准版');
      expect(await px(page, 'probe-text', 'fontSize')).toBe(18);
      await page.getByTestId('elder-switch').click();
      await page.getByRole('button', { name: '长辈版' }).waitFor();
      expect(await px(page, 'probe-text', 'fontSize')).toBe(14);
      expect(await page.evaluate(() => localStorage.getItem('hall.elderMode'))).toBe('0');
    });

    it('switches 高对比度 on (black text and borders, dark underlined links, a 3 px focus ring), keeps it, passes axe', async () => {
      const m = await mount('frame', { roles: ['applicant'], path: '/items/X123' }, noApi);
      page = m.page;
      await page.getByTestId('probe-text').waitFor();
      /** Computed colours and the WCAG contrast ratio of an element's text against white. */
      const look = (el: Element) => {
        const channel = (c: number) => {
          const v = c / 255;
          return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        };
        const s = getComputedStyle(el);
        const [r = 0, g = 0, b = 0, a = 1] = (s.color.match(/[\d.]+/g) ?? []).map(Number);
        // Over white: blend the alpha first.
        const [R, G, B] = [r, g, b].map((c) => c * a + 255 * (1 - a));
        const lum = 0.2126 * channel(R ?? 0) + 0.7152 * channel(G ?? 0) + 0.0722 * channel(B ?? 0);
        return {
          color: s.color,
          ratio: Math.round((1.05 / (lum + 0.05)) * 10) / 10,
          border: s.borderTopColor,
          underline: s.textDecorationLine,
          outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
        };
      };
      const toggle = page.getByTestId('contrast-switch');
      const link = page.getByTestId('breadcrumbs').getByRole('link').first();
      expect(await toggle.innerText()).toBe('高对比度');
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      const before = await page.getByTestId('probe-text').evaluate(look);
      expect(before.ratio).toBeLessThan(21);
      await toggle.click();
      await page.waitForFunction(() => document.documentElement.classList.contains('contrast'));
      expect(await toggle.getAttribute('aria-pressed')).toBe('true');
      // Black text (21:1), black borders, dark blue underlined links (≥ 7:1, WCAG AAA).
      expect(await page.getByTestId('probe-text').evaluate(look)).toMatchObject({
        color: 'rgb(0, 0, 0)',
        ratio: 21,
      });
      expect((await page.getByTestId('probe-button').evaluate(look)).border).toBe('rgb(0, 0, 0)');
      expect((await page.getByTestId('probe-tag').evaluate(look)).border).toBe('rgb(0, 0, 0)');
      const a = await link.evaluate(look);
      expect(a.underline).toBe('underline');
      expect(a.ratio).toBeGreaterThanOrEqual(7);
      // The keyboard's focus: a 3 px black ring on whatever is focused.
      await link.focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        return `${el.tagName} ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
      });
      expect(focused).toBe('A solid 3px rgb(0, 0, 0)');
      // Independent of 长辈版, and both together pass axe (no serious or critical violation).
      expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(false);
      await page.getByTestId('elder-switch').click();
      await page.waitForFunction(() => document.documentElement.classList.contains('elder'));
      expect(await seriousA11yViolations(page)).toEqual([]);
      // Kept for the next visit, then off again.
      await page.reload();
      await page.getByTestId('probe-text').waitFor();
      expect(await page.getByTestId('contrast-switch').getAttribute('aria-pressed')).toBe('true');
      expect((await page.getByTestId('probe-text').evaluate(look)).color).toBe('rgb(0, 0, 0)');
      await page.getByTestId('contrast-switch').click();
      await page.waitForFunction(() => !document.documentElement.classList.contains('contrast'));
      expect(await page.evaluate(() => localStorage.getItem('hall.highContrast'))).toBe('0');
      expect(await seriousA11yViolations(page)).toEqual([]);
    });
  });

  describe('政府信息公开工作年度报告 (disclosure officer)', () => {
    const counts = (n: number[]) => n;
    const report = (over: Partial<AnnualReport> = {}): AnnualReport =>
      AnnualReport.parse({
        year: 2026,
        departmentCode: 'market-regulation',
        agencyName: '市场监督管理局',
        status: 'draft',
        asOf: '2026-12-31T16:00:00.000Z',
        narrative: { overview: '2026年，本局推进政务公开。', problems: '', other: '' },
        proactive: [
          {
            article: '第二十条第（一）项',
            columns: ['本年制发件数', '本年废止件数', '现行有效件数'],
            rows: [
              {
                key: 'regulations',
                label: '规章',
                cells: [
                  { key: 'regulations.issued', value: null, manual: true },
                  { key: 'regulations.repealed', value: 0, manual: true },
                  { key: 'regulations.in-force', value: 0, manual: true },
                ],
              },
              {
                key: 'normative-documents',
                label: '行政规范性文件',
                cells: [
                  { key: 'normative-documents.issued', value: 3, manual: false },
                  { key: 'normative-documents.repealed', value: 0, manual: false },
                  { key: 'normative-documents.in-force', value: 5, manual: false },
                ],
              },
            ],
          },
        ],
        requests: {
          columns: ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'],
          rows: [
            {
              key: 'new',
              label: '一、本年新收政府信息公开申请数量',
              group: null,
              counts: counts([14, 4, 0, 1, 1, 1, 21]),
            },
            {
              key: 'total',
              label: '（七）总计',
              group: '三、本年度办理结果',
              counts: counts([14, 4, 0, 1, 1, 1, 21]),
            },
          ],
        },
        remedies: {
          review: { upheld: 1, corrected: 1, other: 0, pending: 1, total: 3 },
          litigationDirect: { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 },
          litigationAfterReview: { upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 },
        },
        fees: { requests: 2, totalYuan: 300 },
        itemsPublished: 34,
        missingManual: ['regulations.issued'],
        item: null,
        updatedAt: null,
        publishedAt: null,
        ...over,
      });

    it('shows the computed tables read-only, the manual cells as inputs, and saves exactly the draft', async () => {
      const m = await mount(
        'disclosure-report',
        { roles: ['approver'], path: '/disclosure/reports?year=2026' },
        (method, p) => {
          if (p !== '/api/disclosure/reports/2026') return notFound;
          return method === 'PUT' ? { status: 200, body: report() } : { status: 200, body: report() };
        },
      );
      page = m.page;
      await page.setViewportSize({ width: 375, height: 812 });
      await page.getByText('三、收到和处理政府信息公开申请情况', { exact: true }).waitFor();
      for (const label of [
        '一、总体情况',
        '二、主动公开政府信息情况',
        '四、政府信息公开行政复议、行政诉讼情况',
        '复议后起诉',
        '草稿',
      ])
        expect(await page.getByText(label, { exact: true }).count()).toBeGreaterThan(0);
      expect(await page.locator('tr[data-row="new"] td').allTextContents()).toEqual([
        '14',
        '4',
        '0',
        '1',
        '1',
        '1',
        '21',
      ]);
      expect(await page.getByText('人工填报', { exact: true }).count()).toBe(3);
      expect(await page.getByText('信息处理费（系统统计）：2件，共300元。').count()).toBe(1);
      // a manual cell not entered: publication is not offered yet
      expect(await page.getByText('尚有 1 项人工填报数据未填写，填写完整后方可发布。').count()).toBe(1);
      expect(await page.getByRole('button', { name: '发布年报' }).isDisabled()).toBe(true);
      // nothing overflows sideways at 375 px (the tables scroll inside their box)
      const over = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(over).toBeLessThanOrEqual(0);

      await page.getByLabel('规章 本年制发件数 人工填报').fill('2');
      await page.getByLabel('五、存在的主要问题及改进情况').fill('答复文书规范性有待提高。');
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.getByText('草稿已保存').waitFor();
      expect(writes(m.sent)).toEqual([
        expect.objectContaining({
          method: 'PUT',
          path: '/api/disclosure/reports/2026',
          body: {
            narrative: {
              overview: '2026年，本局推进政务公开。',
              problems: '答复文书规范性有待提高。',
              other: '',
            },
            manual: { 'regulations.issued': 2, 'regulations.repealed': 0, 'regulations.in-force': 0 },
          },
        }),
      ]);
    });

    it('says in zh-CN why a save is refused', async () => {
      const m = await mount(
        'disclosure-report',
        { roles: ['approver'], path: '/disclosure/reports?year=2026' },
        (method, p) => {
          if (p !== '/api/disclosure/reports/2026') return notFound;
          return method === 'PUT'
            ? problem(409, 'DISCLOSURE_REPORT_PUBLISHED', 'the report of 2026 is published')
            : { status: 200, body: report() };
        },
      );
      page = m.page;
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.getByText(zh('DISCLOSURE_REPORT_PUBLISHED')).waitFor();
    });

    it('shows a published report read-only with its 主动公开 item', async () => {
      const published = report({
        status: 'published',
        missingManual: [],
        item: {
          id: '0b6f3c1e-2a4d-4f6b-9c8e-1d2e3f4a5b6d',
          indexNo: '330100-SCJG/2027-JG-00001',
          status: 'in-review',
        },
        publishedAt: '2027-01-15T02:00:00.000Z',
        updatedAt: '2027-01-15T02:00:00.000Z',
      });
      const m = await mount(
        'disclosure-report',
        { roles: ['approver'], path: '/disclosure/reports?year=2026' },
        (_m, p) => (p === '/api/disclosure/reports/2026' ? { status: 200, body: published } : notFound),
      );
      page = m.page;
      await page
        .getByText('已作为主动公开信息报送：索引号 330100-SCJG/2027-JG-00001（保密审查中）')
        .waitFor();
      expect(await page.getByRole('button', { name: '保存草稿' }).count()).toBe(0);
      expect(await page.locator('textarea').count()).toBe(0);
    });
  });
});
