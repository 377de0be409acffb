/**
 * The intake service keeps its HTTP contract (libs/contracts/src/intake/intake-api.ts): every JSON route is called
 * over HTTP on an embedded service and its answer parsed with the contract's response schema, strictly (a field
 * the contract does not name fails too). A server change the contract (and so the web) does not know about fails
 * here; a contract change the server does not follow fails here.
 */
import {
  ApplicationPage,
  ApplicationView,
  CaseDecided,
  DeliveredApplicationView,
  IntakeImplementation,
  IntakeImplementationVersion,
  IntakeImplementationVersions,
  IntakeJobRunReport,
  LicenceIssued,
  NotificationInbox,
  NotificationRead,
  PrecheckResult,
  PublicDecisionPage,
  PublicProgress,
  UploadedMaterialFile,
  WalletLicences,
} from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { checkContract } from '@hall/platform/testing';
import request from 'supertest';
import {
  completeMaterials,
  decidedPayload,
  foodSnapshot,
  issuedPayload,
  publishEvent,
  publishImplementation,
  startIntake,
  submitApplication,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

const contract = checkContract;

describe.each(kinds)('intake HTTP contract on %s', (kind) => {
  let h: IntakeHarness;
  const snapshot = foodSnapshot();
  const code = snapshot.implementationCode;

  beforeAll(async () => {
    h = await startIntake(kind);
    await publishImplementation(h, snapshot);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('files, precheck, submit (and its idempotent replay), lists and the application view', async () => {
    const file = await contract(UploadedMaterialFile, h.api.upload('zhangsan'), 201);
    expect(file).toMatchObject({ contentType: 'application/pdf', size: expect.any(Number) });

    const precheck = await contract(
      PrecheckResult,
      h.api.post('zhangsan', '/applications/precheck', {
        implementationCode: code,
        materials: [{ materialId: 'application', source: 'upload', fileIds: [file.id] }],
      }),
    );
    expect(precheck).toMatchObject({
      implementationCode: code,
      implementationVersion: 1,
      complete: false,
      submittable: false,
    });
    expect(precheck.missing.map((m) => m.materialId)).toContain('business-licence');

    const body = {
      implementationCode: code,
      formData: { shopName: '西湖小吃店', area: 60 },
      materials: await completeMaterials(h, 'zhangsan'),
    };
    const submitted = await contract(
      ApplicationView,
      h.api.post('zhangsan', '/applications', body, { 'idempotency-key': 'contract-1' }),
      201,
    );
    expect(submitted).toMatchObject({
      status: 'submitted',
      queryCode: expect.any(String),
      agent: null,
      submittedBy: { role: 'applicant' },
    });
    expect(submitted.materials.every((m) => m.round === 0)).toBe(true);
    const replay = await contract(
      ApplicationView,
      h.api.post('zhangsan', '/applications', body, { 'idempotency-key': 'contract-1' }),
      200,
    );
    expect(replay.no).toBe(submitted.no);

    const mine = await contract(ApplicationPage, h.api.get('zhangsan', '/applications', { mine: '1' }));
    expect(mine.items.map((i) => i.no)).toContain(submitted.no);
    const queue = await contract(
      ApplicationPage,
      h.api.get('clerk.xihu', '/applications', { queue: '1', status: 'submitted' }),
    );
    expect(queue.items.find((i) => i.no === submitted.no)).toMatchObject({
      status: 'submitted',
      agent: false,
      acceptedAt: null,
    });

    const clerkView = await contract(
      ApplicationView,
      h.api.get('clerk.xihu', `/applications/${submitted.no}`),
    );
    expect(clerkView.delivery.pickupCode).toBeUndefined();
    const supervisorView = await contract(
      ApplicationView,
      h.api.get('supervisor', `/applications/${submitted.no}`),
    );
    expect(supervisorView.queryCode).toBeUndefined();
  });

  it('window actions: supplement notice and answer, 容缺 acceptance, refusal, withdrawal before and after acceptance', async () => {
    const incomplete = await submitApplication(h, 'zhangsan', { complete: false });
    const noticed = await contract(
      ApplicationView,
      h.api.post('clerk.xihu', `/applications/${incomplete}/supplement-notice`, {
        items: [
          { materialId: 'layout', problem: '未提交平面布局图' },
          { materialId: 'health', problem: '未提交健康证明' },
        ],
      }),
    );
    expect(noticed).toMatchObject({
      status: 'supplement-requested',
      notices: [{ kind: expect.any(String), content: expect.any(Object) }],
    });
    const supplemented = await contract(
      ApplicationView,
      h.api.post('zhangsan', `/applications/${incomplete}/supplement`, {
        materials: [
          { materialId: 'layout', source: 'promise', promise: '本人承诺经营场所布局符合要求' },
          { materialId: 'health', source: 'upload', fileIds: [await h.api.fileId('zhangsan')] },
        ],
      }),
    );
    expect(supplemented.status).toBe('supplemented');

    const tolerant = await submitApplication(h, 'zhangsan', { complete: false });
    const accepted = await contract(
      ApplicationView,
      h.api.post('clerk.xihu', `/applications/${tolerant}/accept`, {
        mode: 'tolerance',
        missingMaterialIds: ['layout', 'health'],
        promise: '五日内补齐',
        supplyWithinDays: 5,
      }),
    );
    expect(accepted.acceptance).toMatchObject({
      mode: 'tolerance',
      acceptedBy: { role: 'clerk' },
      tolerance: { missingMaterialIds: ['layout', 'health'], supplyByProvisional: false },
    });
    const closing = await contract(
      ApplicationView,
      h.api.post('zhangsan', `/applications/${tolerant}/withdraw`, { reason: '不再经营' }),
      202,
    );
    expect(closing).toMatchObject({ status: 'closing', closingAction: 'withdraw' });

    const refused = await contract(
      ApplicationView,
      h.api.post('clerk.xihu', `/applications/${await submitApplication(h, 'zhangsan')}/refuse`, {
        reasons: '不属于本机关职权范围',
      }),
    );
    expect(refused.refusal).toMatchObject({ reasons: '不属于本机关职权范围', redirectTo: null });

    const withdrawn = await contract(
      ApplicationView,
      h.api.post('zhangsan', `/applications/${await submitApplication(h, 'zhangsan')}/withdraw`),
    );
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawReason: '' });
  });

  it('delivery choice, completion and window pickup; the wallet, inbox, public progress and 双公示', async () => {
    const no = await submitApplication(h, 'zhangsan');
    const chosen = await contract(
      ApplicationView,
      h.api.post('zhangsan', `/applications/${no}/delivery`, {
        method: 'post',
        address: { recipient: '张三', phone: '13800000001', address: '杭州市上城区某路1号' },
      }),
    );
    expect(chosen.delivery).toMatchObject({ method: 'post', address: { recipient: '张三' } });
    await contract(
      ApplicationView,
      h.api.post('zhangsan', `/applications/${no}/delivery`, { method: 'window' }),
    );
    await contract(ApplicationView, h.api.post('clerk.xihu', `/applications/${no}/accept`));
    await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', snapshot.results));
    await publishEvent(h, LicenceIssued, issuedPayload(no, 'FBL', '7001'));
    await publishEvent(h, LicenceIssued, issuedPayload(no, 'PHL', '7002'));
    const completed = await contract(ApplicationView, h.api.get('zhangsan', `/applications/${no}`));
    expect(completed).toMatchObject({
      status: 'completed',
      decision: { outcome: 'approved' },
      delivery: { pickupCode: expect.stringMatching(/^\d{6}$/) },
    });
    const delivered = await contract(
      DeliveredApplicationView,
      h.api.post('clerk.xihu', `/applications/${no}/deliver`, {
        method: 'window',
        pickupCode: completed.delivery.pickupCode ?? '',
      }),
    );
    expect(delivered).toMatchObject({ status: 'delivered', windowRating: { code: expect.any(String) } });

    const wallet = await contract(WalletLicences, h.api.get('zhangsan', '/licences'));
    expect(wallet.items.map((l) => l.licenceTypeCode)).toEqual(expect.arrayContaining(['FBL', 'PHL']));
    const usable = await contract(
      WalletLicences,
      h.api.get('zhangsan', '/licences', { implementationCode: code }),
    );
    expect(usable).toMatchObject({ implementationCode: code, implementationVersion: 1 });

    const inbox = await contract(NotificationInbox, h.api.get('zhangsan', '/notifications', { unread: '1' }));
    const first = inbox.items[0];
    expect(first).toBeDefined();
    const read = await contract(
      NotificationRead,
      h.api.post('zhangsan', `/notifications/${first?.id ?? ''}/read`),
    );
    expect(read).toEqual({ id: first?.id, read: true });

    const progress = await contract(
      PublicProgress,
      request(h.url)
        .get('/api/intake/public/progress')
        .query({ no, code: completed.queryCode ?? '' }),
    );
    expect(progress).toMatchObject({ no, status: 'delivered', applicant: { kind: 'person', name: '张*' } });
    const decisions = await contract(
      PublicDecisionPage,
      request(h.url).get('/api/intake/public/decisions').query({ outcome: 'approved' }),
    );
    expect(decisions.items.find((d) => d.applicationNo === no)).toMatchObject({
      outcomeLabel: '准予许可',
      publishByProvisional: expect.any(Boolean),
    });
  });

  it('the implementation read model and the jobs run', async () => {
    const view = await contract(
      IntakeImplementation,
      request(h.url).get(`/api/intake/implementations/${code}`),
    );
    expect(view).toMatchObject({
      code,
      version: 1,
      status: 'published',
      snapshot: { implementationCode: code },
    });
    const versions = await contract(
      IntakeImplementationVersions,
      request(h.url).get(`/api/intake/implementations/${code}/versions`),
    );
    expect(versions.versions.map((v) => v.version)).toEqual([1]);
    const version = await contract(
      IntakeImplementationVersion,
      request(h.url).get(`/api/intake/implementations/${code}/versions/1`),
    );
    expect(version.snapshot.materials.map((m) => m.id)).toContain('health');
    const report = await contract(IntakeJobRunReport, h.api.post('admin', '/jobs/run'));
    expect(report.failed).toEqual([]);
  });

  it('input is parsed at the edge: a mismatch is 400 VALIDATION_FAILED naming the field', async () => {
    const cases: Array<[string, PromiseLike<request.Response>, string]> = [
      [
        'an unknown body field',
        h.api.post('zhangsan', '/applications', { implementationCode: code, surprise: true }),
        'surprise',
      ],
      [
        'an unknown query parameter',
        h.api.get('zhangsan', '/applications', { stauts: 'submitted' }),
        'stauts',
      ],
      ['a notification id that is no uuid', h.api.post('zhangsan', '/notifications/not-a-uuid/read'), 'id'],
      [
        'a version that is no number',
        request(h.url).get(`/api/intake/implementations/${code}/versions/first`),
        'version',
      ],
      [
        'a deliver body of an unknown method',
        h.api.post('clerk.xihu', '/applications/33010620260302000001X/deliver', { method: 'drone' }),
        'method',
      ],
    ];
    for (const [what, call, field] of cases) {
      const res = await call;
      expect({
        what,
        status: res.status,
        code: (res.body as { code?: string }).code,
        field: (res.body as { details?: { field?: string } }).details?.field,
      }).toEqual({
        what,
        status: 400,
        code: 'VALIDATION_FAILED',
        field,
      });
    }
  });
});
