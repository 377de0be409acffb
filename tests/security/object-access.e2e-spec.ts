/**
 * Object-level access (issue 10, item 8) as properties. Each service gets a small world of objects owned by
 * several users in several regions and departments, created through its real HTTP API or its real consumers; then
 * fast-check picks (user, object, route) at random and the response must be allowed exactly when the rule — an
 * oracle written here, independently of the services' code — says so:
 * - allowed → 2xx with that object;
 * - refused → 401/403/404 with the structured error (code, message) and NONE of the object's data in the body (its
 *   applicant's name, ID and phone numbers, form data, file ids and hashes, opinions, ids not in the request), and a
 *   refused write changes nothing;
 * - lists hold exactly the objects the oracle allows (no leak, nothing missing).
 * The fixed cases of each rule stay in the services' `*authorization*` suites.
 */
import { createHash } from 'node:crypto';
import { residentIdCheckDigit, Role, usccCheckDigit, type Department, type Region } from '@hall/auth';
import { demoAccounts, type DemoAccount } from '@hall/auth/dev';
import { ApplicationAccepted, CaseOpened, type ImplementationSnapshot } from '@hall/contracts';
import type { ServiceHarness } from '@hall/platform/testing';
import { createSupervisionService } from '@hall/app-supervision';
import fc from 'fast-check';
import request from 'supertest';
import { ManualClock } from '@hall/calendar';
import {
  accepted,
  applicationNo as approvalApplicationNo,
  publish as publishToApproval,
  publishSnapshot as publishApprovalSnapshot,
  snapshot as approvalSnapshot,
} from '../../apps/approval/test/factories/approval.factory.js';
import {
  apiFor,
  caseOpenedPayload,
  foodSnapshot,
  publishEvent,
  publishImplementation,
} from '../../apps/intake/test/factories/intake.factory.js';
import {
  applicationNo as licenceApplicationNo,
  decision,
  publish as publishToLicence,
  publishDecision,
  until,
} from '../../apps/licence/test/factories/licence.factory.js';
import { at, CaseHistory, publishLive } from '../../apps/supervision/test/factories/case-history.factory.js';
import { serviceNamed, startService } from './support/services.js';

// ---------------------------------------------------------------------------------------------------------------
// The people: the demo accounts plus generated ones (more applicants, clerks, officers and supervisors elsewhere).

const uuidOf = (username: string): string => {
  const h = createHash('sha256').update(`object-access:${username}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const idNumber = (first17: string): string => `${first17}${residentIdCheckDigit(first17)}`;
const uscc = (first17: string): string => `${first17}${usccCheckDigit(first17)}`;

/** Regions outside the demo realm's three (宁波 330200/330203, 浙江省 330000) are fine for tokens: the claim is a string. */
const account = (
  username: string,
  name: string,
  over: Omit<Partial<DemoAccount>, 'region'> & Pick<DemoAccount, 'roles' | 'kind'> & { region: string },
): DemoAccount => ({
  id: uuidOf(username),
  username,
  password: 'demo',
  name,
  email: `${username}@object-access.example`,
  description: `${name}（对象级访问测试）`,
  ...over,
  region: over.region as Region,
});
const person = (username: string, name: string, region: string, id: string, phone: string) =>
  account(username, name, { roles: [Role.Applicant], kind: 'person', region, idNumber: id, phone });
const officer = (username: string, name: string, role: Role, region: string, department: string) =>
  account(username, name, {
    roles: [role],
    kind: 'staff',
    region,
    department: department as Department,
    departmentRole: 'officer',
  });

const EXTRA_ACCOUNTS: readonly DemoAccount[] = [
  person('wangwu', '王五测', '330106', idNumber('33010619880512031'), '13900000101'),
  person('zhaoliu', '赵六测', '330102', idNumber('33010219920304052'), '13900000102'),
  person('qianqi', '钱七测', '330203', idNumber('33020319790815013'), '13900000103'),
  account('haishu-trade', '宁波海曙示范贸易有限公司', {
    roles: [Role.Applicant],
    kind: 'business',
    region: '330203',
    uscc: uscc('91330203MA2AB3C4D'),
    phone: '13900000104',
  }),
  officer('clerk.haishu', '海曙窗口测', Role.Clerk, '330203', 'service-center'),
  officer('clerk.hangzhou', '市级窗口测', Role.Clerk, '330100', 'service-center'),
  officer('approver.market.xihu', '西湖市监测', Role.Approver, '330106', 'market-regulation'),
  officer('approver.market.ningbo', '宁波市监测', Role.Approver, '330200', 'market-regulation'),
  officer('approver.health.zhejiang', '省卫健测', Role.Approver, '330000', 'health-commission'),
  officer('approver.urban.shangcheng', '上城城管测', Role.Approver, '330102', 'urban-management'),
  officer('approver.data', '数据局测', Role.Approver, '330100', 'data-bureau'),
  officer('supervisor.ningbo', '宁波监察测', Role.Supervisor, '330200', 'service-center'),
  officer('supervisor.zhejiang', '省监察测', Role.Supervisor, '330000', 'service-center'),
];

interface User {
  username: string;
  id: string;
  roles: readonly string[];
  region: string;
  department: string | undefined;
}
const USERS: readonly User[] = [...demoAccounts, ...EXTRA_ACCOUNTS].map((a) => ({
  username: a.username,
  id: a.id,
  roles: a.roles,
  region: a.region,
  department: a.department,
}));
const user = (username: string): User => {
  const u = USERS.find((x) => x.username === username);
  if (!u) throw new Error(`no account ${username}`);
  return u;
};
const anyUser = fc.constantFrom(...USERS);

// ---------------------------------------------------------------------------------------------------------------
// The oracle's vocabulary (GB/T 2260: a province xx0000 covers xx…, a city xxxx00 covers xxxx…, a county itself).

const covers = (scope: string, region: string): boolean =>
  region.startsWith(
    scope.endsWith('0000') ? scope.slice(0, 2) : scope.endsWith('00') ? scope.slice(0, 4) : scope,
  );
const has = (u: User, role: string): boolean => u.roles.includes(role);

/** Statuses that mean "refused" for object access: never a 2xx, never a 5xx. */
const REFUSED = [401, 403, 404];

const bodyText = (res: request.Response): string =>
  Buffer.isBuffer(res.body) ? res.body.toString('utf8') : JSON.stringify(res.body ?? res.text ?? '');

/** A refusal: 401/403/404, the structured error, none of the secrets in the body. Returns a reason when it is not. */
function notARefusal(
  res: request.Response,
  secrets: readonly string[],
  statuses: readonly number[] = REFUSED,
): string | undefined {
  if (!statuses.includes(res.status)) return `expected a refusal, got ${res.status}`;
  const text = bodyText(res);
  let parsed: { code?: unknown; message?: unknown } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return `refusal is not JSON: ${text.slice(0, 120)}`;
  }
  if (typeof parsed.code !== 'string' || typeof parsed.message !== 'string')
    return `unstructured refusal: ${text.slice(0, 200)}`;
  const leaked = secrets.filter((s) => s !== '' && text.includes(s));
  if (leaked.length > 0) return `refusal leaks ${leaked.join(', ')}: ${text.slice(0, 300)}`;
  return undefined;
}

const RUNS = { numRuns: 150, seed: 20261202 } as const;

/** Records the oracle's verdicts: a property that never saw both an allowed and a refused case proves little. */
function verdicts() {
  const seen = new Set<string>();
  return {
    see: (allowed: boolean): boolean => (seen.add(allowed ? 'allowed' : 'refused'), allowed),
    expectBoth: () => expect([...seen].sort()).toEqual(['allowed', 'refused']),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// intake: applications (申请), their material files and notices (告知书), the applicant's and the window's lists.

const INTAKE_BODIES: Record<string, { name: string; uscc: string; regionName: string; level: string }> = {
  '330100': {
    name: '杭州市市场监督管理局',
    uscc: uscc('11330100MB0000001'),
    regionName: '杭州市',
    level: '3',
  },
  '330102': {
    name: '杭州市上城区市场监督管理局',
    uscc: uscc('11330102MB1632500'),
    regionName: '杭州市上城区',
    level: '4',
  },
  '330106': {
    name: '杭州市西湖区市场监督管理局',
    uscc: uscc('11330106MB1632500'),
    regionName: '杭州市西湖区',
    level: '4',
  },
  '330203': {
    name: '宁波市海曙区市场监督管理局',
    uscc: uscc('11330203MB1632500'),
    regionName: '宁波市海曙区',
    level: '4',
  },
};
const WINDOW_OF: Record<string, string> = {
  '330100': 'clerk.hangzhou',
  '330102': 'clerk.shangcheng',
  '330106': 'clerk.xihu',
  '330203': 'clerk.haishu',
};

const intakeImplementation = (region: string): ImplementationSnapshot => {
  const b = INTAKE_BODIES[region];
  if (!b) throw new Error(`no body in ${region}`);
  return foodSnapshot({
    implementationCode: `${b.uscc}${b.level}000140100000`,
    level: b.level as ImplementationSnapshot['level'],
    regionCode: region,
    regionName: b.regionName,
    implementingBody: { name: b.name, uscc: b.uscc, departmentCode: 'market-regulation' },
  });
};

interface IntakePlan {
  /** The applicant's username, or the clerk who submits for a walk-in applicant (代办). */
  by: string;
  region: string;
  complete: boolean;
  /** Departments with an approval task on it (approval's `case.opened`): their officers may read the files. */
  departments: string[];
  walkIn?: { kind: 'person'; name: string; idNumber: string; phone: string };
}

const INTAKE_PLAN: readonly IntakePlan[] = [
  {
    by: 'zhangsan',
    region: '330106',
    complete: true,
    departments: ['market-regulation', 'health-commission'],
  },
  { by: 'zhangsan', region: '330102', complete: false, departments: [] },
  { by: 'lisi', region: '330106', complete: false, departments: [] },
  { by: 'lisi', region: '330203', complete: true, departments: ['market-regulation'] },
  { by: 'xihu-tech', region: '330106', complete: true, departments: ['fire-rescue'] },
  {
    by: 'xihu-tech',
    region: '330100',
    complete: true,
    departments: ['market-regulation', 'urban-management'],
  },
  { by: 'wangwu', region: '330102', complete: true, departments: ['urban-management'] },
  { by: 'zhaoliu', region: '330203', complete: false, departments: [] },
  { by: 'qianqi', region: '330203', complete: true, departments: ['health-commission'] },
  { by: 'haishu-trade', region: '330100', complete: false, departments: [] },
  {
    by: 'clerk.xihu',
    region: '330106',
    complete: true,
    departments: ['market-regulation'],
    walkIn: {
      kind: 'person',
      name: '孙九代办',
      idNumber: idNumber('33010619700101001'),
      phone: '13900000201',
    },
  },
  {
    by: 'clerk.haishu',
    region: '330203',
    complete: false,
    departments: [],
    walkIn: {
      kind: 'person',
      name: '周十代办',
      idNumber: idNumber('33020319650606002'),
      phone: '13900000202',
    },
  },
];

interface IntakeApp {
  no: string;
  region: string;
  /** The applicant's user id; null for a walk-in application (代办). */
  ownerId: string | null;
  departments: readonly string[];
  files: Array<{ fileId: string; sha256: string; no: string }>;
  notices: Array<{ id: string; no: string }>;
  secrets: string[];
}

/** The rule, as the issue states it. */
const intakeOracle = {
  /** The applicant; a clerk of the application's own region (window); a supervisor whose region covers it. */
  readApplication: (u: User, a: IntakeApp): boolean =>
    (a.ownerId !== null && u.id === a.ownerId) ||
    (has(u, 'clerk') && u.region === a.region) ||
    (has(u, 'supervisor') && covers(u.region, a.region)),
  /** The applicant; the region's clerk; an officer of a department with a task on it whose region covers it. */
  readFiles: (u: User, a: IntakeApp): boolean =>
    (a.ownerId !== null && u.id === a.ownerId) ||
    (has(u, 'clerk') && u.region === a.region) ||
    (has(u, 'approver') &&
      u.department !== undefined &&
      a.departments.includes(u.department) &&
      covers(u.region, a.region)),
  /** Notices (告知书): the applicant and the region's clerk. */
  readNotices: (u: User, a: IntakeApp): boolean =>
    (a.ownerId !== null && u.id === a.ownerId) || (has(u, 'clerk') && u.region === a.region),
  /** Choosing the delivery: the applicant; for a walk-in application, the region's clerk. */
  chooseDelivery: (u: User, a: IntakeApp): boolean =>
    a.ownerId !== null ? u.id === a.ownerId && has(u, 'applicant') : has(u, 'clerk') && u.region === a.region,
};

describe('object-level access: intake (applications, material files, notices, lists)', () => {
  let h: ServiceHarness;
  let api: ReturnType<typeof apiFor>;
  const apps: IntakeApp[] = [];
  const rowVersion = async (no: string) =>
    (
      await h.database.db.sql.query<{ row_version: number }>(
        'SELECT row_version FROM application WHERE no = $1',
        [no],
      )
    )[0]?.row_version;

  beforeAll(async () => {
    h = await startService(serviceNamed('intake'), { extraAccounts: EXTRA_ACCOUNTS });
    api = apiFor(h);
    const impls = new Map(Object.keys(INTAKE_BODIES).map((r) => [r, intakeImplementation(r)]));
    for (const s of impls.values()) await publishImplementation(h, s);
    for (const [i, plan] of INTAKE_PLAN.entries()) {
      const s = impls.get(plan.region);
      if (!s) throw new Error(`no implementation in ${plan.region}`);
      const upload = async () => ({ source: 'upload', fileIds: [await api.fileId(plan.by)] });
      const materials = [
        { materialId: 'application', ...(await upload()) },
        { materialId: 'business-licence', ...(await upload()) },
        ...(plan.complete
          ? [
              { materialId: 'layout', source: 'promise', promise: '承诺布局符合要求' },
              { materialId: 'health', ...(await upload()) },
            ]
          : []),
      ];
      const shop = `对象测试店${i}号`;
      const res = await api.post(plan.by, '/applications', {
        implementationCode: s.implementationCode,
        formData: { shopName: shop, area: 40 + i },
        materials,
        ...(plan.walkIn && { applicant: plan.walkIn }),
      });
      if (res.status !== 201)
        throw new Error(`submit ${i} failed: ${res.status} ${JSON.stringify(res.body)}`);
      const body = res.body as {
        no: string;
        applicant: { name: string; idNumber: string; phone: string | null };
        materials: Array<{ files: Array<{ fileId: string; sha256: string }> }>;
      };
      const no = body.no;
      const files = body.materials
        .flatMap((m) => m.files)
        .map((f) => ({ fileId: f.fileId, sha256: f.sha256, no }));
      const notices: IntakeApp['notices'] = [];
      if (!plan.complete) {
        const clerk = WINDOW_OF[plan.region] ?? '';
        const n = await api.post(clerk, `/applications/${no}/supplement-notice`, {
          items: [
            { materialId: 'layout', problem: '未提交' },
            { materialId: 'health', problem: '未提交' },
          ],
        });
        if (n.status !== 200)
          throw new Error(`supplement notice ${i} failed: ${n.status} ${JSON.stringify(n.body)}`);
        for (const notice of (n.body as { notices: Array<{ id: string }> }).notices)
          notices.push({ id: notice.id, no });
      }
      if (plan.departments.length > 0)
        await publishEvent(h, CaseOpened, caseOpenedPayload(no, plan.departments, s));
      apps.push({
        no,
        region: plan.region,
        ownerId: plan.walkIn ? null : user(plan.by).id,
        departments: plan.departments,
        files,
        notices,
        secrets: [
          body.applicant.name,
          body.applicant.idNumber,
          body.applicant.phone ?? '',
          shop,
          ...files.flatMap((f) => [f.fileId, f.sha256]),
          ...notices.map((x) => x.id),
        ],
      });
    }
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  const allFiles = () => apps.flatMap((a) => a.files);
  const allNotices = () => apps.flatMap((a) => a.notices);
  /** An application and a user: any user, or (as often) one of the people it names. */
  const appAndUser = () =>
    fc
      .constantFrom(...apps)
      .chain((a) =>
        fc.tuple(
          fc.constant(a),
          fc.oneof(
            anyUser,
            fc.constant(USERS.find((u) => u.id === a.ownerId) ?? user(WINDOW_OF[a.region] ?? 'clerk.xihu')),
          ),
        ),
      );

  it('GET an application: allowed exactly when the rule says so, refusals reveal nothing', async () => {
    const v = verdicts();
    await fc.assert(
      fc.asyncProperty(appAndUser(), async ([a, u]) => {
        const res = await api.get(u.username, `/applications/${a.no}`);
        if (v.see(intakeOracle.readApplication(u, a))) {
          expect([u.username, a.no, res.status, (res.body as { no?: string }).no]).toEqual([
            u.username,
            a.no,
            200,
            a.no,
          ]);
        } else {
          expect([u.username, a.no, notARefusal(res, a.secrets)]).toEqual([u.username, a.no, undefined]);
        }
      }),
      RUNS,
    );
    v.expectBoth();
  }, 120_000);

  it('GET a material file under an application: only its readers, only files of that application, byte for byte', async () => {
    const v = verdicts();
    await fc.assert(
      fc.asyncProperty(
        appAndUser(),
        fc.constantFrom(...allFiles()),
        fc.boolean(),
        fc.nat(),
        async ([a, u], any, own, n) => {
          // Half of the time one of the application's own files, else any file of the world (maybe another's).
          const file = own ? (a.files[n % a.files.length] ?? any) : any;
          const res = await api.pdf(u.username, `/applications/${a.no}/files/${file.fileId}`);
          const allowed = v.see(intakeOracle.readFiles(u, a) && file.no === a.no);
          if (allowed) {
            expect([
              u.username,
              res.status,
              createHash('sha256')
                .update(res.body as Buffer)
                .digest('hex'),
            ]).toEqual([u.username, 200, file.sha256]);
          } else {
            // The requested file id is in the URL; everything else of both applications stays hidden.
            const owner = apps.find((x) => x.no === file.no);
            const secrets = [...a.secrets, ...(owner?.secrets ?? [])].filter((s) => s !== file.fileId);
            expect([u.username, a.no, file.fileId, notARefusal(res, secrets)]).toEqual([
              u.username,
              a.no,
              file.fileId,
              undefined,
            ]);
          }
        },
      ),
      RUNS,
    );
    v.expectBoth();
  }, 120_000);

  it('GET a notice PDF under an application: the applicant and the window of its region, only its own notices', async () => {
    const v = verdicts();
    await fc.assert(
      fc.asyncProperty(
        appAndUser(),
        fc.constantFrom(...allNotices()),
        fc.boolean(),
        async ([a, u], any, own) => {
          const notice = own && a.notices[0] ? a.notices[0] : any;
          const res = await api.pdf(u.username, `/applications/${a.no}/notices/${notice.id}.pdf`);
          const allowed = v.see(intakeOracle.readNotices(u, a) && notice.no === a.no);
          if (allowed) {
            expect([
              u.username,
              res.status,
              res.headers['content-type'],
              (res.body as Buffer).subarray(0, 5).toString('latin1'),
            ]).toEqual([u.username, 200, 'application/pdf', '%PDF-']);
          } else {
            const owner = apps.find((x) => x.no === notice.no);
            const secrets = [...a.secrets, ...(owner?.secrets ?? [])].filter((s) => s !== notice.id);
            expect([u.username, a.no, notice.id, notARefusal(res, secrets)]).toEqual([
              u.username,
              a.no,
              notice.id,
              undefined,
            ]);
          }
        },
      ),
      RUNS,
    );
    v.expectBoth();
  }, 120_000);

  it('POST a delivery choice: only the applicant (a walk-in: the window of its region); a refused one changes nothing', async () => {
    const v = verdicts();
    await fc.assert(
      fc.asyncProperty(appAndUser(), async ([a, u]) => {
        const before = await rowVersion(a.no);
        const res = await api.post(u.username, `/applications/${a.no}/delivery`, { method: 'electronic' });
        if (v.see(intakeOracle.chooseDelivery(u, a))) {
          expect([u.username, a.no, res.status, (res.body as { no?: string }).no]).toEqual([
            u.username,
            a.no,
            200,
            a.no,
          ]);
        } else {
          expect([u.username, a.no, notARefusal(res, a.secrets), await rowVersion(a.no)]).toEqual([
            u.username,
            a.no,
            undefined,
            before,
          ]);
        }
      }),
      { ...RUNS, numRuns: 80 },
    );
    v.expectBoth();
  }, 120_000);

  it('lists: my applications are exactly mine; a window queue exactly its region; nobody else has a queue', async () => {
    await fc.assert(
      fc.asyncProperty(anyUser, fc.constantFrom('mine', 'queue'), async (u, list) => {
        const res = await api.get(u.username, '/applications', { [list]: '1', pageSize: '100' });
        const expected = apps
          .filter((a) => (list === 'mine' ? a.ownerId === u.id : a.region === u.region))
          .map((a) => a.no)
          .sort();
        if (list === 'queue' && !has(u, 'clerk')) {
          expect([
            u.username,
            notARefusal(
              res,
              apps.flatMap((a) => [a.no, ...a.secrets]),
            ),
          ]).toEqual([u.username, undefined]);
          return;
        }
        const listed = (res.body as { items: Array<{ no: string }> }).items.map((i) => i.no).sort();
        expect([u.username, list, res.status, listed]).toEqual([u.username, list, 200, expected]);
      }),
      { ...RUNS, numRuns: 60 },
    );
  }, 120_000);

  const fileHome = async (fileId: string) =>
    (
      await h.database.db.sql.query<{ application_no: string | null }>(
        'SELECT application_no FROM uploaded_file WHERE id = $1',
        [fileId],
      )
    )[0]?.application_no;
  const noticeCount = async (no: string) =>
    Number(
      (
        await h.database.db.sql.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM notice WHERE application_no = $1',
          [no],
        )
      )[0]?.n,
    );

  it('POST supplement (补正) naming a file of another application or user: never attached, nothing changed', async () => {
    // Applications waiting for their supplement, each with whoever may supplement it (the applicant; a walk-in's window).
    const waiting = apps.filter((a) => a.notices.length > 0);
    const actorOf = (a: IntakeApp): User =>
      USERS.find((u) => u.id === a.ownerId) ?? user(WINDOW_OF[a.region] ?? 'clerk.xihu');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...waiting), fc.constantFrom(...allFiles()), async (a, file) => {
        const before = [await rowVersion(a.no), await fileHome(file.fileId)];
        const res = await api.post(actorOf(a).username, `/applications/${a.no}/supplement`, {
          materials: [
            { materialId: 'layout', source: 'promise', promise: '对象测试承诺' },
            { materialId: 'health', source: 'upload', fileIds: [file.fileId] },
          ],
        });
        expect([
          a.no,
          file.fileId,
          res.status >= 400 && res.status < 500,
          await rowVersion(a.no),
          await fileHome(file.fileId),
        ]).toEqual([a.no, file.fileId, true, ...before]);
      }),
      { ...RUNS, numRuns: 40 },
    );
    // The control: the same body with a file of the applicant's own is taken (so the refusals above were about the file).
    const a = waiting.find((x) => x.ownerId !== null);
    if (!a) throw new Error('no waiting application with an applicant');
    const own = await api.fileId(actorOf(a).username);
    const ok = await api.post(actorOf(a).username, `/applications/${a.no}/supplement`, {
      materials: [
        { materialId: 'layout', source: 'promise', promise: '对象测试承诺' },
        { materialId: 'health', source: 'upload', fileIds: [own] },
      ],
    });
    expect([ok.status, await fileHome(own)]).toEqual([200, a.no]);
  }, 120_000);

  /** The state-changing routes of the window and the applicant: who may call each on an application. */
  const windowOfApp = (u: User, a: IntakeApp): boolean => has(u, 'clerk') && u.region === a.region;
  const INTAKE_WRITES: ReadonlyArray<{
    route: string;
    body: object;
    allowed: (u: User, a: IntakeApp) => boolean;
  }> = [
    { route: 'accept', body: { mode: 'normal' }, allowed: windowOfApp },
    { route: 'refuse', body: { reasons: '对象测试：不予受理' }, allowed: windowOfApp },
    {
      route: 'supplement-notice',
      body: { items: [{ materialId: 'layout', problem: '对象测试' }] },
      allowed: windowOfApp,
    },
    {
      route: 'supplement',
      body: { materials: [{ materialId: 'layout', source: 'promise', promise: '对象测试承诺' }] },
      allowed: intakeOracle.chooseDelivery,
    },
    { route: 'withdraw', body: { reason: '对象测试撤回' }, allowed: intakeOracle.chooseDelivery },
    { route: 'deliver', body: { method: 'post', trackingNo: 'SF0000000001' }, allowed: windowOfApp },
  ];

  it('POST accept / refuse / supplement-notice / supplement / withdraw / deliver: only the window of its region (the applicant for theirs); a refused one changes nothing', async () => {
    const v = verdicts();
    await fc.assert(
      fc.asyncProperty(appAndUser(), fc.constantFrom(...INTAKE_WRITES), async ([a, u], w) => {
        const before = [await rowVersion(a.no), await noticeCount(a.no)];
        const res = await api.post(u.username, `/applications/${a.no}/${w.route}`, w.body);
        if (v.see(w.allowed(u, a))) {
          // Past the object check: done, or refused by the application's state or materials (409/422), never 401/403/404.
          expect([
            u.username,
            a.no,
            w.route,
            [200, 202, 409, 422].includes(res.status) ? 'passed' : res.status,
          ]).toEqual([u.username, a.no, w.route, 'passed']);
        } else {
          expect([
            u.username,
            a.no,
            w.route,
            notARefusal(res, a.secrets),
            await rowVersion(a.no),
            await noticeCount(a.no),
          ]).toEqual([u.username, a.no, w.route, undefined, ...before]);
        }
      }),
      { ...RUNS, numRuns: 120 },
    );
    v.expectBoth();
  }, 180_000);
});

// ---------------------------------------------------------------------------------------------------------------
// approval: cases (并联审批案件) with their tasks, opinions and materials; department queues.

const APPROVAL_BODIES: Record<
  string,
  { name: string; uscc: string; regionName: string; level: string; lead: string; co: string[] }
> = {
  '330100': {
    name: '杭州市市场监督管理局',
    uscc: uscc('11330100MB0000001'),
    regionName: '杭州市',
    level: '3',
    lead: 'market-regulation',
    co: ['health-commission', 'data-bureau'],
  },
  '330106': {
    name: '杭州市西湖区市场监督管理局',
    uscc: uscc('11330106MB1632500'),
    regionName: '杭州市西湖区',
    level: '4',
    lead: 'market-regulation',
    co: ['fire-rescue'],
  },
  '330102': {
    name: '杭州市上城区城市管理局',
    uscc: uscc('11330102MB0000002'),
    regionName: '杭州市上城区',
    level: '4',
    lead: 'urban-management',
    co: [],
  },
  '330203': {
    name: '宁波市海曙区市场监督管理局',
    uscc: uscc('11330203MB1632500'),
    regionName: '宁波市海曙区',
    level: '4',
    lead: 'market-regulation',
    co: ['health-commission'],
  },
};
const DEPARTMENT_NAMES: Record<string, string> = {
  'market-regulation': '市场监督管理局',
  'health-commission': '卫生健康委员会',
  'fire-rescue': '消防救援支队',
  'urban-management': '城市管理局',
  'data-bureau': '数据资源管理局',
};

interface ApprovalCaseObj {
  id: string;
  no: string;
  region: string;
  departments: readonly string[];
  tasks: Array<{ id: string; department: string; region: string; completed: boolean }>;
  secrets: string[];
}

const approvalOracle = {
  /**
   * Officers of the case's departments whose region covers the case; supervisors whose region covers it (read);
   * the government head (本级人民政府负责人) whose region covers a case of more than one department reads the case
   * itself only (not its materials or audit), for the joint-case extension.
   */
  readCase: (u: User, c: ApprovalCaseObj, suffix = ''): boolean =>
    covers(u.region, c.region) &&
    ((has(u, 'approver') && u.department !== undefined && c.departments.includes(u.department)) ||
      has(u, 'supervisor') ||
      (suffix === '' && has(u, 'government-head') && c.departments.length > 1)),
  /** A task: officers of its department whose region covers it. */
  actOnTask: (u: User, t: ApprovalCaseObj['tasks'][number]): boolean =>
    has(u, 'approver') && u.department === t.department && covers(u.region, t.region),
};

describe('object-level access: approval (cases, materials, audit, tasks, queues)', () => {
  let h: ServiceHarness;
  const cases: ApprovalCaseObj[] = [];
  const call = async (method: 'get' | 'post', username: string, path: string, body: object = {}) => {
    const req =
      method === 'get'
        ? request(h.url).get(`/api/approval${path}`)
        : request(h.url).post(`/api/approval${path}`).send(body);
    return req.set('authorization', `Bearer ${await h.tokenFor(username)}`);
  };
  const taskVersion = async (id: string) =>
    (
      await h.database.db.sql.query<{ version: number }>('SELECT version FROM approval_task WHERE id = $1', [
        id,
      ])
    )[0]?.version;

  beforeAll(async () => {
    h = await startService(serviceNamed('approval'), { extraAccounts: EXTRA_ACCOUNTS });
    const applicants = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'qianqi'].map(
      (n) => [...demoAccounts, ...EXTRA_ACCOUNTS].find((a) => a.username === n) as DemoAccount,
    );
    let k = 0;
    for (const [region, b] of Object.entries(APPROVAL_BODIES)) {
      const s = approvalSnapshot({
        implementationCode: `${b.uscc}${b.level}000140100000`,
        level: b.level as ImplementationSnapshot['level'],
        regionCode: region,
        regionName: b.regionName,
        implementingBody: { name: b.name, uscc: b.uscc, departmentCode: b.lead },
        processTemplate: {
          jointKind: b.co.length > 0 ? 'general' : 'single',
          lead: { code: b.lead, name: DEPARTMENT_NAMES[b.lead] ?? b.lead, limitDays: 10 },
          coDepartments: b.co.map((code) => ({ code, name: DEPARTMENT_NAMES[code] ?? code, limitDays: 5 })),
          steps: [],
        },
      });
      await publishApprovalSnapshot(h, s);
      for (let n = 0; n < 2; n++, k++) {
        const a = applicants[k % applicants.length] as DemoAccount;
        const marker = `对象测试商户${k}`;
        const p = accepted(s, {
          applicationNo: approvalApplicationNo(region),
          applicant: {
            kind: 'person',
            userId: a.id,
            name: a.name,
            idType: 'ID_CARD',
            idNumber: a.idNumber ?? '',
            phone: a.phone ?? '13900000999',
          },
          formData: { 经营者名称: marker, 经营场所: `${b.regionName}测试路${k}号` },
        });
        await publishToApproval(h, ApplicationAccepted, p);
        const view = await call('get', 'supervisor.zhejiang', `/cases/${p.applicationNo}`);
        if (view.status !== 200)
          throw new Error(`case ${p.applicationNo} not opened: ${view.status} ${JSON.stringify(view.body)}`);
        const c = view.body as {
          id: string;
          departmentCodes: string[];
          tasks: Array<{ id: string; departmentCode: string; regionCode: string; role: string }>;
        };
        const obj: ApprovalCaseObj = {
          id: c.id,
          no: p.applicationNo,
          region,
          departments: c.departmentCodes,
          tasks: c.tasks.map((t) => ({
            id: t.id,
            department: t.departmentCode,
            region: t.regionCode,
            completed: false,
          })),
          secrets: [c.id, a.name, a.idNumber ?? '', a.phone ?? '', marker, ...c.tasks.map((t) => t.id)],
        };
        // Every co-department gives its opinion on the first case of each implementation (by an officer whose region covers it).
        for (const t of c.tasks.filter((x) => x.role === 'co' && n === 0)) {
          const by = USERS.find((u) =>
            approvalOracle.actOnTask(u, {
              id: t.id,
              department: t.departmentCode,
              region: t.regionCode,
              completed: false,
            }),
          );
          if (!by) throw new Error(`no officer for ${t.departmentCode} in ${t.regionCode}`);
          const opinion = `对象测试意见${k}-${t.departmentCode}`;
          expect((await call('post', by.username, `/tasks/${t.id}/claim`)).status).toBe(200);
          const done = await call('post', by.username, `/tasks/${t.id}/complete`, {
            verdict: 'approve',
            opinion,
          });
          if (done.status !== 200)
            throw new Error(`complete failed: ${done.status} ${JSON.stringify(done.body)}`);
          const task = obj.tasks.find((x) => x.id === t.id);
          if (task) task.completed = true;
          obj.secrets.push(opinion);
        }
        cases.push(obj);
      }
    }
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  const caseAndUser = () =>
    fc
      .constantFrom(...cases)
      .chain((c) =>
        fc.tuple(
          fc.constant(c),
          fc.oneof(
            anyUser,
            fc.constantFrom(
              ...USERS.filter((u) => has(u, 'approver') || has(u, 'supervisor') || has(u, 'government-head')),
            ),
          ),
          fc.boolean(),
        ),
      );

  it.each([
    ['the case', ''],
    ['its materials', '/materials'],
    ['its audit trail', '/audit'],
    ['the audit check', '/audit/verify'],
  ])(
    'GET %s (by id or application number): allowed exactly when the rule says so, refusals reveal nothing',
    async (_name, suffix) => {
      const v = verdicts();
      await fc.assert(
        fc.asyncProperty(caseAndUser(), async ([c, u, byNo]) => {
          const ref = byNo ? c.no : c.id;
          const res = await call('get', u.username, `/cases/${ref}${suffix}`);
          if (v.see(approvalOracle.readCase(u, c, suffix))) {
            expect([u.username, ref, res.status]).toEqual([u.username, ref, 200]);
            if (suffix === '') expect((res.body as { id: string }).id).toBe(c.id);
            if (suffix === '/materials') expect((res.body as { caseId: string }).caseId).toBe(c.id);
          } else {
            expect([
              u.username,
              ref,
              notARefusal(
                res,
                c.secrets.filter((s) => s !== ref),
              ),
            ]).toEqual([u.username, ref, undefined]);
          }
        }),
        { ...RUNS, numRuns: 100 },
      );
      v.expectBoth();
    },
    120_000,
  );

  it('POST claim on a task: only officers of its department within their region; a refused claim changes nothing', async () => {
    const v = verdicts();
    const tasks = cases.flatMap((c) => c.tasks.map((t) => ({ ...t, c })));
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...tasks)
          .chain((t) =>
            fc.tuple(
              fc.constant(t),
              fc.oneof(anyUser, fc.constantFrom(...USERS.filter((u) => u.department === t.department))),
            ),
          ),
        async ([t, u]) => {
          const before = await taskVersion(t.id);
          const res = await call('post', u.username, `/tasks/${t.id}/claim`);
          if (v.see(approvalOracle.actOnTask(u, t))) {
            // A completed task cannot be claimed (409); an open one is claimed, then put back.
            expect([u.username, t.id, res.status]).toEqual([u.username, t.id, t.completed ? 409 : 200]);
            if (!t.completed)
              expect((await call('post', u.username, `/tasks/${t.id}/release`)).status).toBe(200);
          } else {
            expect([
              u.username,
              t.id,
              notARefusal(
                res,
                t.c.secrets.filter((s) => s !== t.id),
              ),
              await taskVersion(t.id),
            ]).toEqual([u.username, t.id, undefined, before]);
          }
        },
      ),
      { ...RUNS, numRuns: 100 },
    );
    v.expectBoth();
  }, 120_000);

  it("GET /tasks: a queue holds exactly the tasks of the officer's department within the officer's region", async () => {
    await fc.assert(
      fc.asyncProperty(anyUser, fc.constantFrom('open', 'completed'), async (u, status) => {
        const res = await call('get', u.username, `/tasks?status=${status}&pageSize=100`);
        if (!has(u, 'approver')) {
          expect([
            u.username,
            notARefusal(
              res,
              cases.flatMap((c) => c.secrets),
            ),
          ]).toEqual([u.username, undefined]);
          return;
        }
        const expected = cases
          .flatMap((c) => c.tasks)
          .filter((t) => approvalOracle.actOnTask(u, t) && t.completed === (status === 'completed'))
          .map((t) => t.id)
          .sort();
        const listed = (res.body as { items: Array<{ id: string }> }).items.map((i) => i.id).sort();
        expect([u.username, status, res.status, listed]).toEqual([u.username, status, 200, expected]);
      }),
      { ...RUNS, numRuns: 60 },
    );
  }, 120_000);

  const caseVersion = async (id: string) =>
    (
      await h.database.db.sql.query<{ version: number }>('SELECT version FROM approval_case WHERE id = $1', [
        id,
      ])
    )[0]?.version;
  const opinionCount = async (caseId: string) =>
    Number(
      (
        await h.database.db.sql.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM opinion WHERE case_id = $1',
          [caseId],
        )
      )[0]?.n,
    );

  it('POST complete (审查意见) on a task: only officers of its department within their region; a refused opinion records nothing', async () => {
    const v = verdicts();
    const tasks = cases.flatMap((c) => c.tasks.map((t) => ({ ...t, c })));
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...tasks)
          .chain((t) =>
            fc.tuple(
              fc.constant(t),
              fc.oneof(anyUser, fc.constantFrom(...USERS.filter((u) => u.department === t.department))),
            ),
          ),
        async ([t, u]) => {
          const before = [await taskVersion(t.id), await opinionCount(t.c.id)];
          const res = await call('post', u.username, `/tasks/${t.id}/complete`, {
            verdict: 'approve',
            opinion: '对象测试：越权意见',
          });
          if (v.see(approvalOracle.actOnTask(u, t))) {
            // Past the object check: the task is not claimed by them (pending) or already completed → 409, nothing recorded.
            expect([u.username, t.id, res.status, await opinionCount(t.c.id)]).toEqual([
              u.username,
              t.id,
              409,
              before[1],
            ]);
          } else {
            expect([
              u.username,
              t.id,
              notARefusal(
                res,
                t.c.secrets.filter((s) => s !== t.id),
              ),
              await taskVersion(t.id),
              await opinionCount(t.c.id),
            ]).toEqual([u.username, t.id, undefined, ...before]);
          }
        },
      ),
      { ...RUNS, numRuns: 80 },
    );
    v.expectBoth();
  }, 120_000);

  it('POST decide on a case: only the deciding (lead) department within its region; a refused decision changes nothing', async () => {
    const v = verdicts();
    const lead = (c: ApprovalCaseObj) => APPROVAL_BODIES[c.region]?.lead;
    await fc.assert(
      fc.asyncProperty(caseAndUser(), async ([c, u, byNo]) => {
        const ref = byNo ? c.no : c.id;
        const before = await caseVersion(c.id);
        const res = await call('post', u.username, `/cases/${ref}/decide`, {
          outcome: 'approved',
          reasons: '',
        });
        if (v.see(has(u, 'approver') && u.department === lead(c) && covers(u.region, c.region))) {
          // Past the object check: the lead department's own task is still open (JOIN_INCOMPLETE), so nothing is decided.
          expect([
            u.username,
            ref,
            res.status,
            (res.body as { code?: string }).code,
            await caseVersion(c.id),
          ]).toEqual([u.username, ref, 409, 'JOIN_INCOMPLETE', before]);
        } else {
          expect([
            u.username,
            ref,
            notARefusal(
              res,
              c.secrets.filter((s) => s !== ref),
            ),
            await caseVersion(c.id),
          ]).toEqual([u.username, ref, undefined, before]);
        }
      }),
      { ...RUNS, numRuns: 80 },
    );
    v.expectBoth();
  }, 120_000);

  it('POST special-procedures (延长审批) on a case: only officers of its departments (or the government head, joint cases) within its region; a refused one changes nothing', async () => {
    const v = verdicts();
    const procedureCount = async (caseId: string) =>
      Number(
        (
          await h.database.db.sql.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM special_procedure WHERE case_id = $1',
            [caseId],
          )
        )[0]?.n,
      );
    await fc.assert(
      fc.asyncProperty(caseAndUser(), async ([c, u, byNo]) => {
        const ref = byNo ? c.no : c.id;
        const before = [await caseVersion(c.id), await procedureCount(c.id)];
        const res = await call('post', u.username, `/cases/${ref}/special-procedures`, {
          kind: 'extension',
          reason: '对象测试：情况复杂',
        });
        const member =
          has(u, 'approver') && u.department !== undefined && c.departments.includes(u.department);
        const governmentHead = has(u, 'government-head') && c.departments.length > 1;
        if (v.see((member || governmentHead) && covers(u.region, c.region))) {
          // Past the object check: extended (the deciding department's head; the government head for a joint case),
          // or refused for the caller's rank (403 DEPARTMENT_HEAD_REQUIRED / GOVERNMENT_HEAD_REQUIRED) or the
          // extension limit (409) — never CASE_NOT_FOUND.
          const code = (res.body as { code?: string }).code;
          const passed =
            [200, 201, 409].includes(res.status) ||
            (res.status === 403 &&
              (code === 'DEPARTMENT_HEAD_REQUIRED' || code === 'GOVERNMENT_HEAD_REQUIRED'));
          expect([u.username, ref, passed ? 'passed' : res.status]).toEqual([u.username, ref, 'passed']);
        } else {
          expect([
            u.username,
            ref,
            notARefusal(
              res,
              c.secrets.filter((s) => s !== ref),
            ),
            await caseVersion(c.id),
            await procedureCount(c.id),
          ]).toEqual([u.username, ref, undefined, ...before]);
        }
      }),
      { ...RUNS, numRuns: 60 },
    );
    v.expectBoth();
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------------------
// supervision: case timelines (办件时间线) and the anomaly list.

interface SupervisedCase {
  no: string;
  region: string;
  ownerId: string;
  secrets: string[];
}

const supervisionOracle = {
  /** Supervisors and administrators whose region covers the case (full view); its applicant (reduced view). */
  readTimeline: (u: User, c: SupervisedCase): boolean =>
    ((has(u, 'supervisor') || has(u, 'admin')) && covers(u.region, c.region)) ||
    (has(u, 'applicant') && u.id === c.ownerId),
  staff: (u: User): boolean => has(u, 'supervisor') || has(u, 'admin'),
};

describe('object-level access: supervision (timelines, anomalies, alerts, risk, statistics, ratings, rectifications)', () => {
  let h: ServiceHarness;
  /** Accepted, still open (each with an anomaly and its 督办 alert). */
  const cases: SupervisedCase[] = [];
  /** Completed (办结), to rate. */
  const done: SupervisedCase[] = [];
  /** Bad ratings of completed cases and their rectifications. */
  const ratings: Array<{ id: string; rectificationId: string; c: SupervisedCase }> = [];
  const clock = new ManualClock(new Date(at('2026-09-01 08:00')));
  const call = async (username: string, path: string) =>
    request(h.url)
      .get(`/api/supervision${path}`)
      .set('authorization', `Bearer ${await h.tokenFor(username)}`);
  const post = async (username: string, path: string, body: object = {}) =>
    request(h.url)
      .post(`/api/supervision${path}`)
      .set('authorization', `Bearer ${await h.tokenFor(username)}`)
      .send(body);
  const rows = <T>(sql: string, params: unknown[] = []) => h.database.db.sql.query<T>(sql, params);

  beforeAll(async () => {
    h = await startService(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
      extraAccounts: EXTRA_ACCOUNTS,
    });
    const owners = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'qianqi'].map(
      (n) => [...demoAccounts, ...EXTRA_ACCOUNTS].find((a) => a.username === n) as DemoAccount,
    );
    const regions = ['330106', '330102', '330100', '330203'];
    const events: CaseHistory['events'] = [];
    for (let k = 0; k < 8; k++) {
      const a = owners[k % owners.length] as DemoAccount;
      const region = regions[k % regions.length] as string;
      const applicant = {
        kind: 'person' as const,
        userId: a.id,
        name: a.name,
        idType: 'ID_CARD' as const,
        idNumber: a.idNumber ?? '',
      };
      // Accepted 6 working days after submission: every case has an anomaly (A02) for the anomaly list.
      const c = new CaseHistory({ region, applicant, itemName: `对象测试事项${k}` })
        .submitted(at('2026-09-14 09:00'), { userId: a.id, name: a.name, role: 'applicant' })
        .accepted(at('2026-09-22 10:00'));
      events.push(...c.events);
      cases.push({
        no: c.no,
        region,
        ownerId: a.id,
        secrets: [a.name, a.idNumber ?? '', `对象测试事项${k}`],
      });
    }
    // Completed cases (办结) to rate: accepted the next day, one department, decided, licence issued, completed.
    for (let k = 0; k < 8; k++) {
      const a = owners[(k + 1) % owners.length] as DemoAccount;
      const region = regions[k % regions.length] as string;
      const applicant = {
        kind: 'person' as const,
        userId: a.id,
        name: a.name,
        idType: 'ID_CARD' as const,
        idNumber: a.idNumber ?? '',
      };
      const c = new CaseHistory({ region, applicant, itemName: `对象测试办结事项${k}` })
        .submitted(at('2026-09-14 09:00'), { userId: a.id, name: a.name, role: 'applicant' })
        .accepted(at('2026-09-15 10:00'))
        .opened(at('2026-09-15 10:01'))
        .taskCompleted(at('2026-09-17 15:00'), 'lead')
        .decided(at('2026-09-18 11:00'))
        .licenceIssued(at('2026-09-18 11:05'), String(900 + k).padStart(6, '0'))
        .completed(at('2026-09-18 11:10'));
      events.push(...c.events);
      done.push({
        no: c.no,
        region,
        ownerId: a.id,
        secrets: [a.name, a.idNumber ?? '', `对象测试办结事项${k}`],
      });
    }
    await publishLive(
      h,
      clock,
      [...events].sort((x, y) => x.occurredAt.localeCompare(y.occurredAt)),
    );
    // Bad ratings (差评) by their applicants on the first six completed cases open rectifications (整改); the first
    // four are called back and rectified (so their applicants may appeal, 申诉). The last two stay unrated.
    for (const [k, c] of done.slice(0, 6).entries()) {
      const owner = USERS.find((u) => u.id === c.ownerId) as User;
      const rated = await post(owner.username, '/ratings', {
        applicationNo: c.no,
        level: 5,
        comment: `对象测试差评${k}`,
      });
      if (rated.status !== 201)
        throw new Error(`rating ${c.no} failed: ${rated.status} ${JSON.stringify(rated.body)}`);
      const r = rated.body as { id: string; rectification: { id: string } };
      c.secrets.push(`对象测试差评${k}`);
      ratings.push({ id: r.id, rectificationId: r.rectification.id, c });
      if (k < 4) {
        expect(
          (
            await post('supervisor.zhejiang', `/rectifications/${r.rectification.id}/callback`, {
              method: 'phone',
              reached: true,
              summary: '对象测试回访',
            })
          ).status,
        ).toBe(201);
        expect(
          (
            await post('supervisor.zhejiang', `/rectifications/${r.rectification.id}/result`, {
              result: '对象测试整改结果',
            })
          ).status,
        ).toBe(201);
      }
    }
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('GET a case timeline: allowed exactly when the rule says so (applicants get the reduced view), refusals reveal nothing', async () => {
    const v = verdicts();
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...cases)
          .chain((c) =>
            fc.tuple(
              fc.constant(c),
              fc.oneof(anyUser, fc.constant(user(USERS.find((u) => u.id === c.ownerId)?.username ?? 'lisi'))),
            ),
          ),
        async ([c, u]) => {
          const res = await call(u.username, `/cases/${c.no}/timeline`);
          if (v.see(supervisionOracle.readTimeline(u, c))) {
            const view =
              supervisionOracle.staff(u) && covers(u.region, c.region) ? 'supervisor' : 'applicant';
            expect([
              u.username,
              c.no,
              res.status,
              (res.body as { applicationNo?: string }).applicationNo,
              (res.body as { view?: string }).view,
            ]).toEqual([u.username, c.no, 200, c.no, view]);
          } else {
            expect([u.username, c.no, notARefusal(res, c.secrets)]).toEqual([u.username, c.no, undefined]);
          }
        },
      ),
      RUNS,
    );
    v.expectBoth();
  }, 120_000);

  it('GET /anomalies: staff see exactly the cases of their region, nobody else sees any', async () => {
    await fc.assert(
      fc.asyncProperty(anyUser, async (u) => {
        const res = await call(u.username, '/anomalies?pageSize=100');
        if (!supervisionOracle.staff(u)) {
          expect([
            u.username,
            notARefusal(
              res,
              cases.flatMap((c) => [c.no, ...c.secrets]),
            ),
          ]).toEqual([u.username, undefined]);
          return;
        }
        const listed = [
          ...new Set(
            (res.body as { items: Array<{ applicationNo: string }> }).items.map((i) => i.applicationNo),
          ),
        ].sort();
        // Every open case has one (A02); a completed case only if the rules found one.
        const withAnomaly = new Set(
          (await rows<{ application_no: string }>('SELECT DISTINCT application_no FROM anomaly')).map(
            (r) => r.application_no,
          ),
        );
        expect(cases.filter((c) => !withAnomaly.has(c.no))).toEqual([]);
        const expected = [...cases, ...done]
          .filter((c) => withAnomaly.has(c.no) && covers(u.region, c.region))
          .map((c) => c.no)
          .sort();
        expect([u.username, res.status, listed]).toEqual([u.username, 200, expected]);
      }),
      { ...RUNS, numRuns: 40 },
    );
  }, 120_000);

  const regionOf = (no: string): string | undefined => [...cases, ...done].find((c) => c.no === no)?.region;
  const everySecret = () => [...cases, ...done].flatMap((c) => [c.no, ...c.secrets]);

  it("GET /timelines/:key (a case's raw events): staff whose region covers the case only; refusals reveal nothing", async () => {
    const v = verdicts();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases, ...done), anyUser, async (c, u) => {
        const res = await call(u.username, `/timelines/${c.no}`);
        if (v.see(supervisionOracle.staff(u) && covers(u.region, c.region))) {
          const entries = (res.body as { entries?: Array<{ caseNo: string | null }> }).entries ?? [];
          expect([
            u.username,
            c.no,
            res.status,
            entries.length > 0,
            entries.filter((e) => e.caseNo !== c.no),
          ]).toEqual([u.username, c.no, 200, true, []]);
        } else {
          expect([u.username, c.no, notARefusal(res, c.secrets)]).toEqual([u.username, c.no, undefined]);
        }
      }),
      { ...RUNS, numRuns: 80 },
    );
    v.expectBoth();
  }, 120_000);

  /** The supervision lists and what each row's case number is read from. */
  const LISTS: ReadonlyArray<{ path: string; nos: (body: unknown) => string[] }> = [
    {
      path: '/alerts?pageSize=200',
      nos: (b) => (b as { items: Array<{ caseNo: string }> }).items.map((i) => i.caseNo),
    },
    {
      path: '/ratings?pageSize=200',
      nos: (b) => (b as { items: Array<{ applicationNo: string }> }).items.map((i) => i.applicationNo),
    },
    {
      path: '/rectifications',
      nos: (b) => (b as { items: Array<{ applicationNo: string }> }).items.map((i) => i.applicationNo),
    },
    {
      path: '/risk?limit=500',
      nos: (b) => (b as { items: Array<{ applicationNo: string }> }).items.map((i) => i.applicationNo),
    },
  ];

  it('GET /alerts, /ratings, /rectifications, /risk: staff see exactly the rows of their region, nobody else sees any', async () => {
    // The rows that exist, from the province's view (it covers every region here; each list's own filters apply).
    const all = new Map<string, string[]>();
    for (const l of LISTS) {
      const res = await call('supervisor.zhejiang', l.path);
      expect([l.path, res.status]).toEqual([l.path, 200]);
      all.set(l.path, [...new Set(l.nos(res.body))].sort());
    }
    expect([...all.values()].map((nos) => nos.length > 0)).toEqual(LISTS.map(() => true));
    await fc.assert(
      fc.asyncProperty(anyUser, fc.constantFrom(...LISTS), async (u, l) => {
        const res = await call(u.username, l.path);
        if (!supervisionOracle.staff(u)) {
          expect([u.username, l.path, notARefusal(res, everySecret())]).toEqual([
            u.username,
            l.path,
            undefined,
          ]);
          return;
        }
        const expected = (all.get(l.path) ?? []).filter((no) => covers(u.region, regionOf(no) ?? 'unknown'));
        expect([u.username, l.path, res.status, [...new Set(l.nos(res.body))].sort()]).toEqual([
          u.username,
          l.path,
          200,
          expected,
        ]);
      }),
      { ...RUNS, numRuns: 60 },
    );
  }, 120_000);

  it('GET /stats (and its exports): staff count exactly the cases of their region, nobody else gets any', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyUser,
        fc.constantFrom('/stats?groupBy=region', '/stats/export.csv?groupBy=region'),
        async (u, path) => {
          const res = await call(u.username, path);
          if (!supervisionOracle.staff(u)) {
            expect([u.username, path, notARefusal(res, everySecret())]).toEqual([
              u.username,
              path,
              undefined,
            ]);
            return;
          }
          const mine = [...cases, ...done].filter((c) => covers(u.region, c.region));
          const regions = [...new Set(mine.map((c) => c.region))].sort();
          if (path.includes('.csv')) {
            // One row per region of theirs (and the total), no other region's code.
            const foreign = ['330106', '330102', '330100', '330203'].filter(
              (r) => !regions.includes(r) && res.text.includes(r),
            );
            expect([u.username, res.status, regions.filter((r) => !res.text.includes(r)), foreign]).toEqual([
              u.username,
              200,
              [],
              [],
            ]);
            return;
          }
          const body = res.body as { rows: Array<{ key: string }>; total: { received: number } };
          expect([u.username, res.status, body.rows.map((r) => r.key).sort(), body.total.received]).toEqual([
            u.username,
            200,
            regions,
            mine.length,
          ]);
        },
      ),
      { ...RUNS, numRuns: 40 },
    );
  }, 120_000);

  const alertRow = async (id: string) =>
    (
      await rows<Record<string, unknown>>(
        'SELECT status, acknowledged_by, resolved_by, result FROM alert WHERE id = $1',
        [id],
      )
    )[0];

  it('GET / ack / resolve one 督办 alert: staff whose region covers it only; a refused action changes nothing', async () => {
    const alerts = (
      await rows<{ id: string; application_no: string }>('SELECT id, application_no FROM alert ORDER BY id')
    ).map((a) => ({ id: a.id, no: a.application_no, region: regionOf(a.application_no) ?? 'unknown' }));
    expect(new Set(alerts.map((a) => a.region))).toEqual(new Set(['330106', '330102', '330100', '330203']));
    const v = verdicts();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...alerts),
        anyUser,
        fc.constantFrom('get', 'ack', 'resolve'),
        async (a, u, action) => {
          const before = await alertRow(a.id);
          const res =
            action === 'get'
              ? await call(u.username, `/alerts/${a.id}`)
              : await post(
                  u.username,
                  `/alerts/${a.id}/${action}`,
                  action === 'ack' ? { note: '对象测试签收' } : { result: '对象测试督办结果' },
                );
          const secrets = [a.no, ...([...cases, ...done].find((c) => c.no === a.no)?.secrets ?? [])];
          if (v.see(supervisionOracle.staff(u) && covers(u.region, a.region))) {
            // Done, or (already acknowledged / resolved) 409.
            expect([
              u.username,
              a.id,
              action,
              action === 'get' ? res.status === 200 : [200, 409].includes(res.status),
            ]).toEqual([u.username, a.id, action, true]);
          } else {
            expect([u.username, a.id, action, notARefusal(res, secrets), await alertRow(a.id)]).toEqual([
              u.username,
              a.id,
              action,
              undefined,
              before,
            ]);
          }
        },
      ),
      { ...RUNS, numRuns: 100 },
    );
    v.expectBoth();
  }, 120_000);

  const ratingCount = async (no: string) =>
    Number(
      (await rows<{ n: number }>('SELECT count(*)::int AS n FROM rating WHERE application_no = $1', [no]))[0]
        ?.n,
    );
  const rectificationRow = async (id: string) =>
    (
      await rows<Record<string, unknown>>(
        'SELECT status, round, callbacks, result, appeal_reason, review_outcome FROM rectification WHERE id = $1',
        [id],
      )
    )[0];

  it("POST /ratings (好差评): the case's own applicant online; a window without the pickup's one-time code never; a refused rating records nothing", async () => {
    const v = verdicts();
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...done)
          .chain((c) =>
            fc.tuple(
              fc.constant(c),
              fc.oneof(
                anyUser,
                fc.constantFrom(...USERS.filter((u) => u.id === c.ownerId || has(u, 'clerk'))),
              ),
            ),
          ),
        async ([c, u]) => {
          const before = await ratingCount(c.no);
          // A clerk claims the applicant is present (issue 18 finding 5): no window pickup code, so no rating in their name.
          const res = await post(u.username, '/ratings', {
            applicationNo: c.no,
            level: 2,
            ...(has(u, 'clerk') && { applicantPresent: true }),
          });
          if (v.see(has(u, 'applicant') && u.id === c.ownerId)) {
            // Rated, or already rated (一事一评) → 409.
            expect([
              u.username,
              c.no,
              [201, 409].includes(res.status) ? 'passed' : res.status,
              await ratingCount(c.no),
            ]).toEqual([u.username, c.no, 'passed', 1]);
          } else {
            // The window of the case's region knows it: 422 WINDOW_RATING_CODE_REQUIRED; anyone else 401/403/404.
            const statuses = has(u, 'clerk') && u.region === c.region ? [422] : REFUSED;
            expect([
              u.username,
              c.no,
              notARefusal(res, c.secrets, statuses),
              await ratingCount(c.no),
            ]).toEqual([u.username, c.no, undefined, before]);
          }
        },
      ),
      { ...RUNS, numRuns: 80 },
    );
    v.expectBoth();
  }, 120_000);

  it('POST /ratings/:id/appeal (申诉): only the applicant who rated; a refused appeal changes nothing', async () => {
    const v = verdicts();
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...ratings)
          .chain((r) =>
            fc.tuple(
              fc.constant(r),
              fc.oneof(anyUser, fc.constant(USERS.find((u) => u.id === r.c.ownerId) as User)),
            ),
          ),
        async ([r, u]) => {
          const before = await rectificationRow(r.rectificationId);
          const res = await post(u.username, `/ratings/${r.id}/appeal`, { reason: '对象测试申诉' });
          if (v.see(has(u, 'applicant') && u.id === r.c.ownerId)) {
            // Appealed (a rectified result), or not appealable in its state → 409.
            expect([u.username, r.id, [201, 409].includes(res.status) ? 'passed' : res.status]).toEqual([
              u.username,
              r.id,
              'passed',
            ]);
          } else {
            expect([
              u.username,
              r.id,
              notARefusal(res, r.c.secrets),
              await rectificationRow(r.rectificationId),
            ]).toEqual([u.username, r.id, undefined, before]);
          }
        },
      ),
      { ...RUNS, numRuns: 60 },
    );
    v.expectBoth();
  }, 120_000);

  it('POST callback / result / review on a rectification (整改): staff whose region covers it only; a refused one changes nothing', async () => {
    const v = verdicts();
    const BODIES: Record<string, object> = {
      callback: { method: 'phone', reached: true, summary: '对象测试回访' },
      result: { result: '对象测试整改结果' },
      review: { upheld: false, conclusion: '对象测试复核' },
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ratings),
        anyUser,
        fc.constantFrom('callback', 'result', 'review'),
        async (r, u, action) => {
          const before = await rectificationRow(r.rectificationId);
          const res = await post(
            u.username,
            `/rectifications/${r.rectificationId}/${action}`,
            BODIES[action],
          );
          if (v.see(supervisionOracle.staff(u) && covers(u.region, r.c.region))) {
            expect([
              u.username,
              r.rectificationId,
              action,
              [201, 409].includes(res.status) ? 'passed' : res.status,
            ]).toEqual([u.username, r.rectificationId, action, 'passed']);
          } else {
            expect([
              u.username,
              r.rectificationId,
              action,
              notARefusal(res, r.c.secrets),
              await rectificationRow(r.rectificationId),
            ]).toEqual([u.username, r.rectificationId, action, undefined, before]);
          }
        },
      ),
      { ...RUNS, numRuns: 80 },
    );
    v.expectBoth();
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------------------
// licence: e-licences (电子证照), their PDFs and access logs, the wallet and department lists, shares, verification.

const LICENCE_ISSUERS = [
  {
    name: '杭州市西湖区市场监督管理局',
    uscc: uscc('11330106MB1632500'),
    departmentCode: 'market-regulation',
    region: '330106',
  },
  {
    name: '杭州市卫生健康委员会',
    uscc: uscc('11330100MB0000003'),
    departmentCode: 'health-commission',
    region: '330100',
  },
  {
    name: '宁波市海曙区市场监督管理局',
    uscc: uscc('11330203MB1632500'),
    departmentCode: 'market-regulation',
    region: '330203',
  },
];

interface LicenceObj {
  identifier: string;
  holderCode: string;
  departmentCode: string;
  region: string;
  secrets: string[];
}

const holderCodeOfUser = (u: User): string | undefined => {
  const a = [...demoAccounts, ...EXTRA_ACCOUNTS].find((x) => x.username === u.username);
  return a?.idNumber ?? a?.uscc;
};

const licenceOracle = {
  holder: (u: User, l: LicenceObj): boolean => has(u, 'applicant') && holderCodeOfUser(u) === l.holderCode,
  /** The holder; an approver of the issuing department whose region covers the licence's jurisdiction. */
  read: (u: User, l: LicenceObj): boolean =>
    licenceOracle.holder(u, l) ||
    (has(u, 'approver') && u.department === l.departmentCode && covers(u.region, l.region)),
};

describe('object-level access: licence (licences, PDFs, access logs, lists, shares, verification)', () => {
  let h: ServiceHarness;
  const licences: LicenceObj[] = [];
  const call = async (method: 'get' | 'post', username: string | null, path: string, body: object = {}) => {
    const req =
      method === 'get'
        ? request(h.url).get(`/api/licence${path}`)
        : request(h.url).post(`/api/licence${path}`).send(body);
    return username ? req.set('authorization', `Bearer ${await h.tokenFor(username)}`) : req;
  };
  const shareCount = async () =>
    Number(
      (await h.database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM licence_share'))[0]?.n,
    );

  beforeAll(async () => {
    h = await startService(serviceNamed('licence'), { extraAccounts: EXTRA_ACCOUNTS });
    const holders = ['zhangsan', 'lisi', 'xihu-tech', 'qianqi', 'haishu-trade'].map(
      (n) => [...demoAccounts, ...EXTRA_ACCOUNTS].find((a) => a.username === n) as DemoAccount,
    );
    for (let k = 0; k < 9; k++) {
      const a = holders[k % holders.length] as DemoAccount;
      const issuer = LICENCE_ISSUERS[k % LICENCE_ISSUERS.length] as (typeof LICENCE_ISSUERS)[number];
      const business = a.uscc !== undefined;
      const holder = {
        kind: business ? ('business' as const) : ('person' as const),
        userId: a.id,
        name: a.name,
        idType: business ? ('USCC' as const) : ('ID_CARD' as const),
        idNumber: a.uscc ?? a.idNumber ?? '',
      };
      const place = `${issuer.region}对象测试路${k}号`;
      const appNo = licenceApplicationNo();
      await publishDecision(
        h,
        decision({
          applicationNo: appNo,
          holder,
          issuer: { name: issuer.name, uscc: issuer.uscc, departmentCode: issuer.departmentCode },
          departmentCode: issuer.departmentCode,
          regionCode: issuer.region,
          implementationCode: `${issuer.uscc}4000140100000`,
          licences: [
            { licenceTypeCode: 'OAT', name: '对象测试证', validityMonths: 12, fields: ['经营场所'] },
          ],
          formData: { 经营场所: place },
        }),
      );
      const [row] = await h.database.db.sql.query<{ identifier: string }>(
        'SELECT identifier FROM licence WHERE application_no = $1',
        [appNo],
      );
      if (!row) throw new Error(`no licence for ${appNo}`);
      licences.push({
        identifier: row.identifier,
        holderCode: holder.idNumber,
        departmentCode: issuer.departmentCode,
        region: issuer.region,
        secrets: [a.name, holder.idNumber, place],
      });
    }
    // PDFs are rendered after the commit.
    await until(async () => {
      const [r] = await h.database.db.sql.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM licence WHERE render_status <> 'done'",
      );
      return Number(r?.n) === 0 ? true : undefined;
    }, 'every licence PDF rendered');
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  const licenceAndUser = () =>
    fc
      .constantFrom(...licences)
      .chain((l) =>
        fc.tuple(
          fc.constant(l),
          fc.oneof(
            anyUser,
            fc.constantFrom(
              ...USERS.filter((u) => licenceOracle.holder(u, l) || u.department === l.departmentCode),
            ),
          ),
        ),
      );

  it.each([
    ['the licence', ''],
    ['its PDF', '/pdf'],
    ['its access log', '/access-log'],
  ])(
    'GET %s: the holder and the issuing department within its region only; refusals reveal nothing',
    async (_name, suffix) => {
      const v = verdicts();
      await fc.assert(
        fc.asyncProperty(licenceAndUser(), async ([l, u]) => {
          const res = await call('get', u.username, `/licences/${l.identifier}${suffix}`);
          if (v.see(licenceOracle.read(u, l))) {
            expect([u.username, l.identifier, res.status]).toEqual([u.username, l.identifier, 200]);
            if (suffix === '') expect((res.body as { identifier: string }).identifier).toBe(l.identifier);
          } else {
            expect([u.username, l.identifier, notARefusal(res, l.secrets)]).toEqual([
              u.username,
              l.identifier,
              undefined,
            ]);
          }
        }),
        { ...RUNS, numRuns: 100 },
      );
      v.expectBoth();
    },
    120_000,
  );

  it("GET /licences: the wallet (?mine=1) is exactly the holder's; an approver's list exactly the department's within the region", async () => {
    await fc.assert(
      fc.asyncProperty(anyUser, fc.boolean(), async (u, mine) => {
        const res = await call('get', u.username, `/licences${mine ? '?mine=1' : ''}`);
        const walletList = has(u, 'applicant');
        const departmentList = !mine && !walletList && has(u, 'approver');
        if (!walletList && !departmentList) {
          expect([
            u.username,
            notARefusal(
              res,
              licences.flatMap((l) => [l.identifier, ...l.secrets]),
            ),
          ]).toEqual([u.username, undefined]);
          return;
        }
        const expected = licences
          .filter((l) =>
            walletList
              ? licenceOracle.holder(u, l)
              : u.department === l.departmentCode && covers(u.region, l.region),
          )
          .map((l) => l.identifier)
          .sort();
        const listed = (res.body as { items: Array<{ identifier: string }> }).items
          .map((i) => i.identifier)
          .sort();
        expect([u.username, mine, res.status, listed]).toEqual([u.username, mine, 200, expected]);
      }),
      { ...RUNS, numRuns: 60 },
    );
  }, 120_000);

  it('POST /shares: only the holder shares a licence; a refused share creates nothing', async () => {
    const v = verdicts();
    await fc.assert(
      fc.asyncProperty(licenceAndUser(), async ([l, u]) => {
        const before = await shareCount();
        const res = await call('post', u.username, '/shares', {
          identifier: l.identifier,
          applicationNo: licenceApplicationNo(),
        });
        if (v.see(licenceOracle.holder(u, l))) {
          expect([
            u.username,
            l.identifier,
            res.status,
            typeof (res.body as { shareId?: unknown }).shareId,
          ]).toEqual([u.username, l.identifier, 201, 'string']);
        } else {
          expect([u.username, l.identifier, notARefusal(res, l.secrets), await shareCount()]).toEqual([
            u.username,
            l.identifier,
            undefined,
            before,
          ]);
        }
      }),
      { ...RUNS, numRuns: 80 },
    );
    v.expectBoth();
  }, 120_000);

  it('public verification answers anyone (with or without a token) and never shows the full holder identity', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...licences), fc.option(anyUser, { nil: null }), async (l, u) => {
        const res = await call('get', u?.username ?? null, `/verify/${l.identifier}`);
        const text = JSON.stringify(res.body);
        expect([l.identifier, res.status, l.secrets.slice(0, 2).filter((s) => text.includes(s))]).toEqual([
          l.identifier,
          200,
          [],
        ]);
      }),
      { ...RUNS, numRuns: 40 },
    );
  }, 120_000);

  describe('shares (证照共享授权): revoke, resolve, copies', () => {
    interface ShareObj {
      id: string;
      l: LicenceObj;
      /** The application it was authorised for (its first six digits: the application's region). */
      applicationNo: string;
      /** Departments with an approval task on that application (approval's `case.opened`, consumed by licence). */
      departments: readonly string[];
      expiresAt: string;
      state: 'active' | 'revoked' | 'expired';
    }
    const shares: ShareObj[] = [];
    /** Active shares kept for the revoke property (resolving them is the other property's business). */
    const spare: ShareObj[] = [];
    const revokedAt = async (id: string) =>
      (
        await h.database.db.sql.query<{ revoked_at: Date | null }>(
          'SELECT revoked_at FROM licence_share WHERE id = $1',
          [id],
        )
      )[0]?.revoked_at?.toISOString() ?? null;
    const accessCount = async (identifier: string) =>
      Number(
        (
          await h.database.db.sql.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM licence_access WHERE identifier = $1',
            [identifier],
          )
        )[0]?.n,
      );
    const REGIONS = ['330106', '330102', '330203', '330100'];
    /** The task departments of the shares' applications, in turn (no case opened yet for some). */
    const TASKS: ReadonlyArray<readonly string[]> = [
      ['market-regulation'],
      ['health-commission', 'fire-rescue'],
      [],
      ['urban-management'],
      ['market-regulation', 'data-bureau'],
    ];

    beforeAll(async () => {
      for (const [k, l] of licences.entries()) {
        const holder = USERS.find((u) => licenceOracle.holder(u, l));
        if (!holder) throw new Error(`no holder of ${l.identifier}`);
        for (const state of ['active', 'revoked', 'expired', 'spare'] as const) {
          const applicationNo = approvalApplicationNo(REGIONS[(k + shares.length) % REGIONS.length]);
          const departments = TASKS[(k + shares.length + spare.length) % TASKS.length] ?? [];
          if (departments.length > 0)
            await publishToLicence(h, CaseOpened, caseOpenedPayload(applicationNo, departments));
          const res = await call('post', holder.username, '/shares', {
            identifier: l.identifier,
            applicationNo,
          });
          if (res.status !== 201)
            throw new Error(`share of ${l.identifier} failed: ${res.status} ${JSON.stringify(res.body)}`);
          const s: ShareObj = {
            id: (res.body as { shareId: string }).shareId,
            l,
            applicationNo,
            departments,
            expiresAt: (res.body as { expiresAt: string }).expiresAt,
            state: state === 'spare' ? 'active' : state,
          };
          if (state === 'revoked')
            expect(
              (
                await request(h.url)
                  .delete(`/api/licence/shares/${s.id}`)
                  .set('authorization', `Bearer ${await h.tokenFor(holder.username)}`)
              ).status,
            ).toBe(200);
          // An authorisation past its end (the clock cannot be moved in this harness: the row is aged instead).
          if (state === 'expired')
            await h.database.db.sql.query(
              "UPDATE licence_share SET expires_at = now() - interval '1 day' WHERE id = $1",
              [s.id],
            );
          (state === 'spare' ? spare : shares).push(s);
        }
      }
    }, 120_000);

    /**
     * Who may resolve a share — the material-access rule of its application (as intake's files): a window clerk of
     * exactly the application's region; an approver whose region covers it and whose department has a task on it.
     */
    const mayHandle = (u: User, s: ShareObj): boolean => {
      const region = s.applicationNo.slice(0, 6);
      return (
        (has(u, 'clerk') && u.region === region) ||
        (has(u, 'approver') &&
          covers(u.region, region) &&
          u.department !== undefined &&
          s.departments.includes(u.department))
      );
    };

    it('GET a share (data or watermarked copy): only staff handling its application, only while it is active, only the shared licence', async () => {
      const v = verdicts();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...shares).chain((s) =>
            fc.tuple(
              fc.constant(s),
              // Anyone; someone allowed; an approver of the application's region, with or without a task on it.
              fc.oneof(
                anyUser,
                fc.constantFrom(...USERS.filter((u) => mayHandle(u, s))),
                fc.constantFrom(
                  ...USERS.filter((u) => has(u, 'approver') && covers(u.region, s.applicationNo.slice(0, 6))),
                ),
              ),
              fc.constantFrom(...shares),
              fc.boolean(),
              fc.constantFrom(false, false, false, true),
            ),
          ),
          async ([s, u, other, ownScope, pdf]) => {
            // The copy (a PDF rendered per request) a quarter of the time: it shares the checks with the data route.
            const applicationNo = ownScope ? s.applicationNo : other.applicationNo;
            const before = await accessCount(s.l.identifier);
            const path = `/shares/${s.id}${pdf ? '/pdf' : ''}?applicationNo=${applicationNo}`;
            const res = pdf
              ? await request(h.url)
                  .get(`/api/licence${path}`)
                  .set('authorization', `Bearer ${await h.tokenFor(u.username)}`)
                  .buffer(true)
                  .parse((r, cb) => {
                    const chunks: Buffer[] = [];
                    r.on('data', (c: Buffer) => chunks.push(c));
                    r.on('end', () => cb(null, Buffer.concat(chunks)));
                  })
              : await call('get', u.username, path);
            if (v.see(mayHandle(u, s) && applicationNo === s.applicationNo && s.state === 'active')) {
              if (pdf) {
                expect([
                  u.username,
                  s.id,
                  res.status,
                  (res.body as Buffer).subarray(0, 5).toString('latin1'),
                ]).toEqual([u.username, s.id, 200, '%PDF-']);
              } else {
                const body = res.body as {
                  shareId: string;
                  applicationNo: string;
                  expiresAt: string;
                  licence: { identifier: string };
                };
                const others = licences
                  .filter((x) => x.identifier !== s.l.identifier)
                  .map((x) => x.identifier)
                  .filter((id) => JSON.stringify(res.body).includes(id));
                expect([
                  u.username,
                  res.status,
                  body.shareId,
                  body.applicationNo,
                  body.expiresAt,
                  body.licence?.identifier,
                  others,
                ]).toEqual([u.username, 200, s.id, s.applicationNo, s.expiresAt, s.l.identifier, []]);
              }
            } else {
              // Refused (401/403/404), or gone (410: withdrawn or expired); nothing read, nothing logged.
              expect([
                u.username,
                s.id,
                s.state,
                notARefusal(res, s.l.secrets, [...REFUSED, 410]),
                await accessCount(s.l.identifier),
              ]).toEqual([u.username, s.id, s.state, undefined, before]);
            }
          },
        ),
        { ...RUNS, numRuns: 100 },
      );
      v.expectBoth();
    }, 180_000);

    it('DELETE a share: only the holder of its licence withdraws it; anyone else (or an unknown id) is refused and it stays as it was', async () => {
      const v = verdicts();
      const ids = fc.oneof(
        fc.constantFrom(...spare, ...shares).map((s) => ({ id: s.id, s })),
        fc
          .constantFrom('not-a-share', '00000000-0000-4000-8000-000000000000')
          .map((id) => ({ id, s: undefined as ShareObj | undefined })),
      );
      await fc.assert(
        fc.asyncProperty(
          ids.chain((x) =>
            fc.tuple(
              fc.constant(x),
              fc.oneof(
                anyUser,
                fc.constantFrom(
                  ...USERS.filter((u) => x.s !== undefined && licenceOracle.holder(u, x.s.l)),
                  ...USERS.slice(0, 1),
                ),
              ),
            ),
          ),
          async ([{ id, s }, u]) => {
            const before = s ? await revokedAt(s.id) : null;
            const res = await request(h.url)
              .delete(`/api/licence/shares/${encodeURIComponent(id)}`)
              .set('authorization', `Bearer ${await h.tokenFor(u.username)}`);
            if (v.see(s !== undefined && licenceOracle.holder(u, s.l))) {
              expect([u.username, id, res.status, (await revokedAt(id)) !== null]).toEqual([
                u.username,
                id,
                200,
                true,
              ]);
            } else {
              expect([
                u.username,
                id,
                notARefusal(res, s?.l.secrets ?? []),
                s ? await revokedAt(s.id) : null,
              ]).toEqual([u.username, id, undefined, before]);
            }
          },
        ),
        { ...RUNS, numRuns: 80 },
      );
      v.expectBoth();
    }, 120_000);
  });

  const licenceState = async (identifier: string) =>
    (
      await h.database.db.sql.query<{ status: string; n: number }>(
        'SELECT status, (SELECT count(*)::int FROM licence_status_change c WHERE c.identifier = l.identifier) AS n FROM licence l WHERE identifier = $1',
        [identifier],
      )
    )[0];

  it('POST suspend / restore / revoke / cancel (暂扣/恢复/撤销/注销): only the issuing department within its region; a refused one changes nothing', async () => {
    const v = verdicts();
    await fc.assert(
      fc.asyncProperty(
        licenceAndUser(),
        fc.constantFrom('suspend', 'restore', 'revoke', 'cancel'),
        async ([l, u], action) => {
          const before = await licenceState(l.identifier);
          const res = await call('post', u.username, `/licences/${l.identifier}/${action}`, {
            reason: `对象测试${action}`,
          });
          if (v.see(has(u, 'approver') && u.department === l.departmentCode && covers(u.region, l.region))) {
            // Done, or not allowed from the licence's status → 409.
            expect([
              u.username,
              l.identifier,
              action,
              [200, 201, 409].includes(res.status) ? 'passed' : res.status,
            ]).toEqual([u.username, l.identifier, action, 'passed']);
          } else {
            expect([
              u.username,
              l.identifier,
              action,
              notARefusal(res, l.secrets),
              await licenceState(l.identifier),
            ]).toEqual([u.username, l.identifier, action, undefined, before]);
          }
        },
      ),
      { ...RUNS, numRuns: 80 },
    );
    v.expectBoth();
  }, 120_000);
});

describe('object-level access: disclosure (主动公开 items of one department)', () => {
  let h: ServiceHarness;
  let itemId = '';
  const OWNER = 'market-regulation';
  const bearer = async (username: string) => ({ authorization: `Bearer ${await h.tokenFor(username)}` });
  const row = async () =>
    (
      await h.database.db.sql.query<{ status: string; title: string; version: number }>(
        'SELECT status, title, version FROM disclosure_item WHERE id = $1',
        [itemId],
      )
    )[0];

  beforeAll(async () => {
    h = await startService(serviceNamed('disclosure'));
    const draft = await request(h.url)
      .post('/api/disclosure/items')
      .set(await bearer('approver.market'))
      .send({
        title: '对象访问测试信息',
        body: '正文',
        writtenOn: '2026-11-02',
        topic: '测试',
        openCategory: 'service',
      });
    itemId = draft.body.id as string;
    await request(h.url)
      .post(`/api/disclosure/items/${itemId}/submit`)
      .set(await bearer('approver.market'));
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  /** Only staff (approver) of the owning department reach the item; the review needs its head. */
  it.each(demoAccounts.map((a) => [a.username, a] as const))(
    '%s: read, edit, history and review exactly as the rule says; a refusal reveals and changes nothing',
    async (_name, a) => {
      const before = await row();
      const headers = await bearer(a.username);
      const own = a.roles.includes(Role.Approver) && a.department === OWNER;
      const refused = (status: number) => (a.roles.includes(Role.Approver) ? status === 404 : status === 403);
      const read = await request(h.url).get(`/api/disclosure/items/${itemId}`).set(headers);
      const edit = await request(h.url).put(`/api/disclosure/items/${itemId}`).set(headers).send({
        title: '篡改',
        body: '篡改',
        writtenOn: '2026-11-02',
        topic: '测试',
        openCategory: 'service',
      });
      const history = await request(h.url).get(`/api/disclosure/items/${itemId}/history`).set(headers);
      if (own) {
        expect([read.status, history.status]).toEqual([200, 200]);
        expect(edit.status).toBe(409); // in review: nobody edits
      } else {
        expect([a.username, refused(read.status), refused(edit.status), refused(history.status)]).toEqual([
          a.username,
          true,
          true,
          true,
        ]);
        expect(JSON.stringify(read.body)).not.toContain('对象访问测试信息');
        const review = await request(h.url)
          .post(`/api/disclosure/items/${itemId}/review`)
          .set(headers)
          .send({ decision: 'approve' });
        expect(refused(review.status)).toBe(true);
      }
      expect(await row()).toEqual(before);
    },
  );
});
