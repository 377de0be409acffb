import { CaseOpened, TaskAssigned } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { samplePdf } from '@hall/storage';
import request from 'supertest';
import { binaryParser } from '@hall/platform/testing';
import {
  caseOpenedPayload,
  foodSnapshot,
  publishEvent,
  publishImplementation,
  startIntake,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

/**
 * Material download (申请材料) for the window and the approval officers: the clerk of the application's region,
 * officers of departments with an approval task on it (from approval's events), and the applicant; anyone else
 * is refused without a byte and without an audit entry. Every download is audited.
 */
describe.each(kinds)('intake material download on %s', (kind) => {
  let h: IntakeHarness;
  let no: string;
  let fileId: string;
  let otherNo: string;
  let otherFileId: string;
  const content = samplePdf('营业执照扫描件');
  const snapshot = foodSnapshot();
  const audits = async () =>
    h.database.db.sql.query<{
      application_no: string;
      file_id: string;
      actor_name: string;
      relation: string;
    }>('SELECT application_no, file_id, actor_name, relation FROM material_access ORDER BY id');
  const download = async (user: string, appNo = no, id = fileId) =>
    request(h.url)
      .get(`/api/intake/applications/${appNo}/files/${id}`)
      .set('authorization', `Bearer ${await h.tokenFor(user)}`)
      .buffer(true)
      .parse(binaryParser);

  /** The error code of a refused download (the body was read as bytes). */
  const codeOf = (res: { body: unknown }): unknown =>
    (JSON.parse(Buffer.from(res.body as Buffer).toString('utf8')) as { code?: unknown }).code;

  async function submitWithFile(user: string): Promise<{ no: string; fileId: string }> {
    const upload = await h.api.upload(user, content, '营业执照.pdf');
    const id = upload.body.id as string;
    const res = await h.api.post(user, '/applications', {
      implementationCode: snapshot.implementationCode,
      materials: [
        { materialId: 'application', source: 'upload', fileIds: [await h.api.fileId(user)] },
        { materialId: 'business-licence', source: 'upload', fileIds: [id] },
      ],
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return { no: res.body.no as string, fileId: id };
  }

  beforeAll(async () => {
    h = await startIntake(kind);
    await publishImplementation(h, snapshot);
    ({ no, fileId } = await submitWithFile('zhangsan'));
    ({ no: otherNo, fileId: otherFileId } = await submitWithFile('lisi'));
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('the clerk of the region downloads it as an attachment, not sniffable, byte for byte; the view links it; audited', async () => {
    const view = await h.api.get('clerk.xihu', `/applications/${no}`);
    const material = view.body.materials.find(
      (m: { materialId: string }) => m.materialId === 'business-licence',
    );
    expect(material.files[0]).toMatchObject({
      fileId,
      name: '营业执照.pdf',
      url: `/api/intake/applications/${no}/files/${fileId}`,
    });

    const res = await download('clerk.xihu');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('营业执照.pdf')}`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(res.body as Buffer, content)).toBe(0);
    expect(await audits()).toEqual([
      { application_no: no, file_id: fileId, actor_name: expect.any(String), relation: 'clerk' },
    ]);
  });

  it('a clerk of another region, another applicant, an officer without a task, a supervisor: refused, nothing audited', async () => {
    const before = (await audits()).length;
    const outside = await download('clerk.shangcheng');
    expect([outside.status, codeOf(outside)]).toEqual([404, 'NOT_FOUND']); // as for a missing application (finding 14)
    const stranger = await download('lisi');
    expect([stranger.status, codeOf(stranger)]).toEqual([404, 'NOT_FOUND']);
    expect((await download('approver.market')).status).toBe(404); // no approval case yet
    expect((await download('supervisor')).status).toBe(404);
    // A file of another application, asked for through this one (or the other way round): 404.
    expect((await download('clerk.xihu', no, otherFileId)).status).toBe(404);
    expect((await download('zhangsan', otherNo, fileId)).status).toBe(404);
    expect((await download('lisi', no, otherFileId)).status).toBe(404);
    expect((await download('clerk.xihu', no, 'not-a-uuid')).status).toBe(404);
    expect((await audits()).length).toBe(before);
    for (const res of [outside, stranger]) expect(res.headers['content-disposition']).toBeUndefined();
  });

  it('officers of the departments with a task on the application (case opened, task assigned); other departments not', async () => {
    await publishEvent(h, CaseOpened, caseOpenedPayload(no, ['market-regulation']));
    expect((await download('approver.market')).status).toBe(200);
    expect((await download('approver.health')).status).toBe(404);
    expect((await download('approver.market', otherNo, otherFileId)).status).toBe(404); // a task on one application only
    const opened = caseOpenedPayload(no, ['market-regulation']);
    const [lead] = opened.tasks;
    if (!lead) throw new Error('no task');
    await publishEvent(h, TaskAssigned, {
      caseId: opened.caseId,
      applicationNo: no,
      occurredAt: '2026-03-04T02:00:00.000Z',
      actor: opened.actor,
      task: {
        ...lead,
        taskId: 'task-health',
        departmentCode: 'health-commission',
        departmentName: '卫生健康委员会',
        role: 'co',
      },
    });
    expect((await download('approver.health')).status).toBe(200);
    const rows = (await audits()).filter((a) => a.relation === 'officer');
    expect(rows.map((a) => a.application_no)).toEqual([no, no]);
  });

  it('an event naming only departments already stored takes no transaction; a new one is stored, in either order', async () => {
    const inboxed = async (eventId: string) =>
      (await h.database.db.sql.query('SELECT 1 FROM inbox WHERE event_id = $1', [eventId])).length === 1;
    const departments = async () =>
      (
        await h.database.db.sql.query<{ department_code: string }>(
          'SELECT department_code FROM application_task_department WHERE application_no = $1 ORDER BY 1',
          [otherNo],
        )
      ).map((r) => r.department_code);
    const opened = caseOpenedPayload(otherNo, ['market-regulation', 'health-commission']);
    const [lead, co] = opened.tasks;
    if (!lead || !co) throw new Error('no tasks');
    const assigned = (task: typeof lead) => ({
      caseId: opened.caseId,
      applicationNo: otherNo,
      occurredAt: '2026-03-04T02:00:00.000Z',
      actor: opened.actor,
      task,
    });
    // task.assigned before case.opened: stored; case.opened then adds the department it alone names.
    const first = await publishEvent(h, TaskAssigned, assigned(lead));
    expect(await inboxed(first)).toBe(true);
    expect(await departments()).toEqual(['market-regulation']);
    const opening = await publishEvent(h, CaseOpened, opened);
    expect(await inboxed(opening)).toBe(true);
    expect(await departments()).toEqual(['health-commission', 'market-regulation']);
    // Departments committed already: acknowledged without a transaction (no inbox row, nothing written).
    const again = await publishEvent(h, TaskAssigned, assigned(co));
    const reopened = await publishEvent(h, CaseOpened, opened);
    expect([await inboxed(again), await inboxed(reopened)]).toEqual([false, false]);
    // A department not stored yet (an escalation): written.
    const escalated = await publishEvent(
      h,
      TaskAssigned,
      assigned({ ...co, taskId: 'task-ecology', departmentCode: 'ecology', departmentName: '生态环境局' }),
    );
    expect(await inboxed(escalated)).toBe(true);
    expect(await departments()).toEqual(['ecology', 'health-commission', 'market-regulation']);
  });

  it('the applicant downloads their own material', async () => {
    const res = await download('lisi', otherNo, otherFileId);
    expect(res.status).toBe(200);
    expect((await audits()).at(-1)).toMatchObject({ application_no: otherNo, relation: 'owner' });
  });
});
