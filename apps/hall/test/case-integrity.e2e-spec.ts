/**
 * Case integrity across services, on the whole embedded hall over real HTTP: every way a case ends or turns back
 * reaches every service.
 * - 撤回 after acceptance: approval closes its case at once (tasks leave the queues, every officer action 409
 *   CASE_CLOSED), intake records 已撤回, supervision stops the clocks, and no licence is ever issued.
 * - The decision/withdrawal race has one rule, settled under approval's case lock: whichever commits first there wins.
 * - 退回补正 by a department: a one-time notice reaches the applicant, the clocks pause, the applicant's answer reopens
 *   the department's task and the clocks run again with the paused days excluded.
 * Every case here is its own applications' (nothing counted of the rest of the hall): with HALL_URL it runs against a
 * hall already up, as in npm test's shared-hall phase.
 */
import { exampleFormData } from '@hall/contracts';
import { startEmbeddedHall, type EmbeddedHall } from '../src/embedded-hall.js';
import { eventually, expectOk, expectStatus, HallClient, type MaterialSpec } from './support/hall-client.js';

/** Its own embedded hall, or with HALL_URL one already running (the shared-hall phase of npm test). */
const external = process.env.HALL_URL?.replace(/\/+$/, '');
let hall: Pick<EmbeddedHall, 'url' | 'close'>;
let c: HallClient;
let impl: { code: string; materials: MaterialSpec[] };

const APPLICANT = 'zhangsan';
const CLERK = 'clerk.shangcheng';
const LEAD = { officer: 'approver.market', cosigner: 'head.market' };
const CO = ['approver.fire', 'approver.urban'];

beforeAll(async () => {
  hall = external
    ? { url: external, close: async () => undefined }
    : await startEmbeddedHall({ port: 0, logLevel: 'silent' });
  c = new HallClient(hall.url);
  impl = await c.implementation('开办餐饮店', '330102');
}, 300_000);

afterAll(async () => {
  await hall?.close();
});

async function acceptedApplication(): Promise<string> {
  const no = await c.submit(APPLICANT, impl, {
    entityName: '张三小馆',
    premises: '杭州市上城区清河坊 88 号',
  });
  expectOk(await c.post(CLERK, `/api/intake/applications/${no}/accept`, {}));
  await c.openTask(CO[0] ?? '', no);
  return no;
}

async function approveAll(no: string): Promise<void> {
  for (const officer of [LEAD.officer, ...CO]) {
    const task = await c.openTask(officer, no);
    expectOk(
      await c.examine(
        officer,
        task.id,
        { verdict: 'approve', opinion: '经审查，符合条件，同意。' },
        officer === LEAD.officer ? LEAD.cosigner : undefined,
      ),
    );
  }
}

async function timelineTypes(no: string, until: string): Promise<string[]> {
  return eventually(`supervision timeline of ${no} has ${until}`, async () => {
    const res = await c.get('supervisor', `/api/supervision/cases/${no}/timeline`);
    if (res.status !== 200) return undefined;
    const types = (res.body as { entries: Array<{ type: string }> }).entries.map((e) => e.type);
    return types.includes(until) ? types : undefined;
  });
}

describe('withdrawal after acceptance', () => {
  it('closes the approval case at once: no queue, every officer action refused, no licence, clocks stopped', async () => {
    const no = await acceptedApplication();
    const task = await c.openTask(CO[0] ?? '', no);

    const withdraw = await c.post(APPLICANT, `/api/intake/applications/${no}/withdraw`, {
      reason: '经营场所变更，暂不开业',
    });
    expectStatus(withdraw, 202);
    expect((withdraw.body as { status: string }).status).toBe('closing');

    const closed = await eventually(
      'approval closed the case',
      async () => {
        const v = await c.caseOf(LEAD.officer, no);
        return v.status === 'closed' ? v : undefined;
      },
      5_000,
    );
    expect(closed.tasks.every((t) => t.status === 'closed')).toBe(true);
    expect(closed).toMatchObject({ closure: { closing: 'withdraw' }, clocks: { stopped: true } });
    await eventually(
      'intake withdrawn',
      async () => ((await c.application(APPLICANT, no)).status === 'withdrawn' ? true : undefined),
      5_000,
    );

    for (const officer of [LEAD.officer, ...CO]) {
      expect((await c.queue(officer)).some((t) => t.applicationNo === no)).toBe(false);
    }
    const claim = await c.post(CO[0] ?? '', `/api/approval/tasks/${task.id}/claim`);
    expectStatus(claim, 409);
    expect(claim.body).toMatchObject({ code: 'CASE_CLOSED' });
    const decide = await c.post(LEAD.officer, `/api/approval/cases/${no}/decide`, {
      outcome: 'approved',
      reasons: '准予',
    });
    expectStatus(decide, 409);
    expect(decide.body).toMatchObject({ code: 'CASE_CLOSED' });
    const pause = await c.post('head.market', `/api/approval/cases/${no}/special-procedures`, {
      kind: 'hearing',
      reason: '需要听证',
    });
    expectStatus(pause, 409);
    expect(pause.body).toMatchObject({ code: 'CASE_CLOSED' });

    const types = await timelineTypes(no, 'intake.application.withdrawn');
    expect(types).toEqual(
      expect.arrayContaining([
        'intake.application.close-requested',
        'approval.case.closed',
        'intake.application.withdrawn',
      ]),
    );
    const sup = await c.get('supervisor', `/api/supervision/cases/${no}/timeline`);
    expectStatus(sup, 200);
    const supervised = sup.body as {
      case: { status: string };
      clocks: Array<{ subject: string; open: boolean }>;
    };
    expect(supervised.case.status).toBe('withdrawn');
    expect(supervised.clocks.length).toBeGreaterThan(0);
    expect(supervised.clocks.filter((k) => k.open)).toEqual([]);
    expect(await c.licencesOf(APPLICANT, no)).toEqual([]);
  }, 120_000);
});

describe('the decision/withdrawal race: whichever commits first in approval wins', () => {
  it('a decision that committed first stands: the withdrawal is refused and the licences are issued', async () => {
    const no = await acceptedApplication();
    await approveAll(no);
    expectOk(
      await c.post(LEAD.officer, `/api/approval/cases/${no}/decide`, {
        outcome: 'approved',
        reasons: '符合法定条件、标准，准予许可。',
      }),
    );
    const withdraw = await c.post(APPLICANT, `/api/intake/applications/${no}/withdraw`, {
      reason: '不想办了',
    });
    // Intake may already know the decision (409: nothing to withdraw) or not yet (202: approval refuses it).
    expect([202, 409]).toContain(withdraw.status);
    const done = await eventually('intake follows the decision', async () => {
      const app = await c.application(APPLICANT, no);
      return ['completed', 'delivered'].includes(app.status) ? app : undefined;
    });
    expect(done.status).not.toBe('withdrawn');
    expect((await c.caseOf(LEAD.officer, no)).status).toBe('decided');
    await eventually('licences issued', async () =>
      (await c.licencesOf(APPLICANT, no)).length === 3 ? true : undefined,
    );
  }, 180_000);

  it('a withdrawal that committed first closes the case: the decision is refused and nothing is issued', async () => {
    const no = await acceptedApplication();
    await approveAll(no);
    expectStatus(await c.post(APPLICANT, `/api/intake/applications/${no}/withdraw`, {}), 202);
    await eventually(
      'approval closed the case',
      async () => ((await c.caseOf(LEAD.officer, no)).status === 'closed' ? true : undefined),
      5_000,
    );
    const decide = await c.post(LEAD.officer, `/api/approval/cases/${no}/decide`, {
      outcome: 'approved',
      reasons: '准予',
    });
    expectStatus(decide, 409);
    expect(decide.body).toMatchObject({ code: 'CASE_CLOSED' });
    await eventually(
      'intake withdrawn',
      async () => ((await c.application(APPLICANT, no)).status === 'withdrawn' ? true : undefined),
      5_000,
    );
    expect(await c.licencesOf(APPLICANT, no)).toEqual([]);
  }, 180_000);
});

describe('退回补正 by a department', () => {
  it('reaches the applicant as a one-time notice, pauses the clocks, and the answer reopens the task', async () => {
    const no = await acceptedApplication();
    const fire = CO[0] ?? '';
    const task = await c.openTask(fire, no);
    const upload = impl.materials.find((m) => m.required && !m.promiseAllowed);
    if (!upload) throw new Error('the item has no uploaded material');
    const returned = await c.examine(fire, task.id, {
      verdict: 'return',
      opinion: '消防设计图纸不清晰，无法审查',
      items: [
        { materialId: upload.id, problem: '请上传清晰的扫描件' },
        { name: '消防设施检测报告', problem: '请补充近一年的检测报告' },
      ],
    });
    expectOk(returned);

    const app = await eventually(
      'intake shows the return',
      async () => {
        const a = await c.application(APPLICANT, no);
        return a.status === 'returned' ? a : undefined;
      },
      5_000,
    );
    const notices = app.notices as Array<{ kind: string; url: string; content: { items?: string[] } }>;
    const notice = notices.find((n) => n.kind === 'return');
    expect(notice?.content.items).toEqual([
      `${upload.name}：请上传清晰的扫描件`,
      '消防设施检测报告：请补充近一年的检测报告',
    ]);
    const pdf = await c.get(APPLICANT, notice?.url ?? '');
    expectStatus(pdf, 200);
    const inbox = await c.get(APPLICANT, '/api/intake/notifications');
    expectStatus(inbox, 200);
    expect(JSON.stringify(inbox.body)).toContain('请您补正');

    const paused = await c.caseOf(LEAD.officer, no);
    expect(paused).toMatchObject({ status: 'returned', clocks: { paused: true } });
    const before = paused.clocks as { legalDueAt: string };
    const decide = await c.post(LEAD.officer, `/api/approval/cases/${no}/decide`, {
      outcome: 'approved',
      reasons: '准予',
    });
    expectStatus(decide, 409);

    // Not what was asked for → 422, nothing changes.
    const incomplete = await c.post(APPLICANT, `/api/intake/applications/${no}/supplement`, {
      materials: [],
      note: '已补充',
    });
    expectStatus(incomplete, 422);
    expect((await c.application(APPLICANT, no)).status).toBe('returned');

    const file = await c.upload(APPLICANT, `${upload.id}-clear`);
    const answer = await c.post(APPLICANT, `/api/intake/applications/${no}/supplement`, {
      materials: [{ materialId: upload.id, source: 'upload', fileIds: [file] }],
      note: '检测报告已随图纸一并上传',
    });
    expectOk(answer);
    expect((answer.body as { status: string }).status).toBe('accepted');

    const resumed = await eventually(
      'the case resumed',
      async () => {
        const v = await c.caseOf(LEAD.officer, no);
        return v.status === 'open' ? v : undefined;
      },
      5_000,
    );
    const reopened = resumed.tasks.find((t) => t.id === task.id);
    expect(reopened?.status).toBe('pending');
    const procedures = resumed.specialProcedures as Array<{ kind: string; endedAt: string | null }>;
    expect(procedures.filter((p) => p.kind === 'supplement').every((p) => p.endedAt !== null)).toBe(true);
    expect((resumed.clocks as { legalDueAt: string }).legalDueAt >= before.legalDueAt).toBe(true);
    expect((await c.openTask(fire, no)).status).toBe('pending');

    const types = await timelineTypes(no, 'approval.case.resumed');
    expect(types).toEqual(
      expect.arrayContaining([
        'approval.task.completed',
        'approval.case.suspended',
        'intake.application.supplemented',
        'approval.case.resumed',
      ]),
    );
  }, 180_000);
});

describe('a revoked signing key reaches every use of what it signed', () => {
  it("the wallet, the PDF, share creation, share resolution and 免提交 refuse the affected licences; other issuers' stay valid", async () => {
    // A 多证联办 case decided: 营业执照 and 食品经营许可证 by the market regulator, the fire certificate by fire rescue.
    const no = await acceptedApplication();
    await approveAll(no);
    expectOk(
      await c.post(LEAD.officer, `/api/approval/cases/${no}/decide`, {
        outcome: 'approved',
        reasons: '符合法定条件、标准，准予许可。',
      }),
    );
    const issued = await eventually('licences issued', async () => {
      const mine = await c.licencesOf(APPLICANT, no);
      return mine.length === 3
        ? (mine as Array<{ identifier: string; name: string; issuer: { uscc: string } }>)
        : undefined;
    });
    const bl = issued.find((l) => l.name === '营业执照');
    const fire = issued.find((l) => l.name.includes('消防'));
    if (!bl || !fire) throw new Error('营业执照 or the fire certificate missing');
    expect(fire.issuer.uscc).not.toBe(bl.issuer.uscc);

    // Before: usable for 免提交 in 食品经营许可 (its 营业执照 material), shareable, a share resolves.
    const food = await c.get(undefined, '/api/catalog/implementations', {
      q: '食品经营许可',
      region: '330102',
    });
    const foodItems = (
      food.body as { items: Array<{ implementationCode: string; regionCode: string }> }
    ).items.filter((i) => i.regionCode === '330102');
    let foodCode: string | undefined;
    for (const i of foodItems) {
      const usable = await c.get(APPLICANT, '/api/intake/licences', {
        implementationCode: i.implementationCode,
      });
      if (
        (usable.body as { items: Array<{ identifier: string }> }).items.some(
          (l) => l.identifier === bl.identifier,
        )
      )
        foodCode = i.implementationCode;
    }
    if (!foodCode) throw new Error('no 食品经营许可 in 330102 takes 营业执照 for 免提交');
    const share = await c.post(APPLICANT, '/api/licence/shares', {
      identifier: bl.identifier,
      applicationNo: no,
    });
    expectStatus(share, 201);
    const shareId = (share.body as { shareId: string }).shareId;
    expectStatus(await c.get(CLERK, `/api/licence/shares/${shareId}`, { applicationNo: no }), 200);

    // The market regulator's key is revoked (compromised).
    const keys = await c.get(undefined, '/api/licence/keys', { issuer: bl.issuer.uscc });
    const kid = (keys.body as { keys: Array<{ kid: string; status: string }> }).keys.find(
      (k) => k.status === 'active',
    )?.kid;
    if (!kid) throw new Error('no active key of the market regulator');
    const revoked = await c.post('admin', `/api/licence/keys/${kid}/revoke`);
    expectStatus(revoked, 200);
    expect((revoked.body as { invalidatedLicences: number }).invalidatedLicences).toBeGreaterThanOrEqual(2);

    // Wallet: 签章失效; the PDF is not handed out; no new share; the earlier share no longer resolves.
    const wallet = (await c.get(APPLICANT, '/api/licence/licences', { mine: 1 })).body as {
      items: Array<{ identifier: string; status: string; statusLabel: string }>;
    };
    expect(wallet.items.find((l) => l.identifier === bl.identifier)).toMatchObject({
      status: 'invalidated',
      statusLabel: expect.stringContaining('签章失效'),
    });
    expect(wallet.items.find((l) => l.identifier === fire.identifier)).toMatchObject({ status: 'valid' });
    const pdf = await c.get(APPLICANT, `/api/licence/licences/${bl.identifier}/pdf`);
    expectStatus(pdf, 409);
    expect(pdf.body).toMatchObject({ code: 'LICENCE_NOT_USABLE' });
    const again = await c.post(APPLICANT, '/api/licence/shares', {
      identifier: bl.identifier,
      applicationNo: no,
    });
    expectStatus(again, 409);
    expect(again.body).toMatchObject({ code: 'LICENCE_NOT_USABLE' });
    const resolve = await c.get(CLERK, `/api/licence/shares/${shareId}`, { applicationNo: no });
    expectStatus(resolve, 409);
    // Public verification: the signature's key is revoked.
    const verify = await c.get(undefined, `/api/licence/verify/${bl.identifier}`);
    expect(verify.body).toMatchObject({ valid: false, reason: 'KEY_REVOKED' });
    // 免提交: intake's read model follows the event — not offered, and refused when named anyway.
    await eventually('intake no longer offers it', async () => {
      const usable = await c.get(APPLICANT, '/api/intake/licences', { implementationCode: foodCode ?? '' });
      return (usable.body as { items: Array<{ identifier: string }> }).items.some(
        (l) => l.identifier === bl.identifier,
      )
        ? undefined
        : true;
    });
    const foodImpl = await c.get(undefined, `/api/intake/implementations/${foodCode}`);
    const materials = (foodImpl.body as { snapshot: { materials: MaterialSpec[] } }).snapshot.materials;
    const submitted = await c.post(APPLICANT, '/api/intake/applications', {
      implementationCode: foodCode,
      formData: exampleFormData(await c.applicationForm(foodCode ?? '')),
      materials: await Promise.all(
        materials
          .filter((m) => m.required)
          .map(async (m) =>
            m.id === 'business-licence'
              ? { materialId: m.id, source: 'licence', licenceIdentifier: bl.identifier }
              : m.promiseAllowed
                ? { materialId: m.id, source: 'promise', promise: '本人承诺所填信息真实，符合法定条件。' }
                : { materialId: m.id, source: 'upload', fileIds: [await c.upload(APPLICANT, m.id)] },
          ),
      ),
    });
    expect(submitted.status).toBe(422);
    expect(JSON.stringify(submitted.body)).toContain('not-valid');
    // The fire certificate (another issuer, another key) is untouched.
    expect((await c.get(undefined, `/api/licence/verify/${fire.identifier}`)).body).toMatchObject({
      result: 'genuine',
      valid: true,
    });

    // 重新签发: only the issuing department, with a reason; then the licence verifies under the new key and is usable again.
    expectStatus(
      await c.post(CO[0] ?? '', `/api/licence/licences/${bl.identifier}/resign`, {
        reason: '密钥更换后重新签发',
      }),
      404,
    );
    const noReason = await c.post(LEAD.officer, `/api/licence/licences/${bl.identifier}/resign`, {});
    expectStatus(noReason, 400);
    const resigned = await c.post(LEAD.officer, `/api/licence/licences/${bl.identifier}/resign`, {
      reason: '密钥更换后重新签发',
    });
    expectStatus(resigned, 200);
    expect(resigned.body).toMatchObject({ status: 'valid' });
    expect((resigned.body as { keyId: string }).keyId).not.toBe(kid);
    expect((await c.get(undefined, `/api/licence/verify/${bl.identifier}`)).body).toMatchObject({
      result: 'genuine',
      valid: true,
    });
    expectStatus(
      await c.post(LEAD.officer, `/api/licence/licences/${bl.identifier}/resign`, { reason: '再次' }),
      409,
    );
    expectStatus(
      await c.post(APPLICANT, '/api/licence/shares', { identifier: bl.identifier, applicationNo: no }),
      201,
    );
    await eventually('the PDF is rendered again', async () =>
      (await c.get(APPLICANT, `/api/licence/licences/${bl.identifier}/pdf`)).status === 200
        ? true
        : undefined,
    );
    await eventually('intake offers it again', async () => {
      const usable = await c.get(APPLICANT, '/api/intake/licences', { implementationCode: foodCode ?? '' });
      return (usable.body as { items: Array<{ identifier: string }> }).items.some(
        (l) => l.identifier === bl.identifier,
      )
        ? true
        : undefined;
    });
  }, 180_000);
});
