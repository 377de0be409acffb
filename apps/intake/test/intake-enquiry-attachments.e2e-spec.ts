/**
 * 在线咨询与投诉 (issue 25): attachments. The asker attaches files with the question and the department with the
 * answer: uploaded first through intake's material upload (`POST /api/intake/files`: type from the bytes, size,
 * name checks, quota), stored in object storage, attached by id. Only the asker, the department it is routed to and
 * the dispatcher of its region may download them; a supervisor, another citizen, another region's clerk: 404; the
 * published page shows none.
 */
import { testDatabaseKinds } from '@hall/persistence';
import { binaryParser } from '@hall/platform/testing';
import { samplePdf } from '@hall/storage';
import request from 'supertest';
import { startIntake, type IntakeHarness } from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

describe.each(kinds)('intake 诉求附件 on %s', (kind) => {
  let h: IntakeHarness;
  beforeAll(async () => {
    h = await startIntake(kind, '2026-03-02T02:00:00.000Z');
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  const ask = {
    type: 'complaint',
    subject: '营业执照信息有误',
    text: '新领取的营业执照经营范围印错，见附件照片。',
    regionCode: '330106',
    public: true,
  };
  const download = async (user: string, url: string) =>
    request(h.url)
      .get(url)
      .set('authorization', `Bearer ${await h.tokenFor(user)}`)
      .buffer(true)
      .parse(binaryParser);

  it("attaches the asker's and the department's files; only asker, department and dispatcher download them", async () => {
    const photo = samplePdf('licence-photo');
    const up = await h.api.upload('lisi', photo, '执照.pdf');
    expect(up.status).toBe(201);
    const sent = await h.api.post('lisi', '/enquiries', { ...ask, attachmentIds: [up.body.id] });
    expect(sent.status).toBe(201);
    const no = sent.body.no as string;
    await h.api.post('clerk.xihu', `/enquiries/${no}/route`, { departmentCode: 'market-regulation' });
    const reply = await h.api.upload('approver.market', samplePdf('correction-notice'), '更正说明.pdf');
    expect(reply.status).toBe(201);
    const answered = await h.api.post('approver.market', `/enquiries/${no}/answer`, {
      answer: '已为您更正，见附件。',
      attachmentIds: [reply.body.id],
    });
    expect(answered.status).toBe(200);
    expect(answered.body.attachments).toEqual([
      expect.objectContaining({
        id: up.body.id,
        name: '执照.pdf',
        from: 'asker',
        contentType: 'application/pdf',
      }),
      expect.objectContaining({ id: reply.body.id, name: '更正说明.pdf', from: 'department' }),
    ]);
    const url = answered.body.attachments[0].url as string;
    expect(url).toBe(`/api/intake/enquiries/${no}/attachments/${up.body.id}`);

    for (const who of ['lisi', 'approver.market', 'clerk.xihu']) {
      const res = await download(who, url);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment;/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(res.body as Buffer, photo)).toBe(0);
    }
    for (const who of ['zhangsan', 'supervisor', 'clerk.shangcheng', 'approver.health']) {
      const res = await download(who, url);
      expect(res.status).toBe(404);
      expect(res.headers['content-disposition']).toBeUndefined();
    }
    // Each download, allowed or refused, leaves an audit row (a read of personal data).
    await eventuallyAudited(no, 7);
    // A file of this enquiry asked for through another one, or an unknown id: 404.
    const other = await h.api.post('lisi', '/enquiries', { ...ask, public: false });
    expect(
      (await download('lisi', `/api/intake/enquiries/${other.body.no}/attachments/${up.body.id}`)).status,
    ).toBe(404);
    expect((await download('lisi', `/api/intake/enquiries/${no}/attachments/not-a-uuid`)).status).toBe(404);
    // The published answer shows no attachment.
    await h.api.post('lisi', `/enquiries/${no}/rating`, { rating: 'satisfied' });
    const found = await request(h.url).get('/api/intake/public/enquiries').query({ q: '经营范围' });
    expect(found.body.items.map((i: { no: string }) => i.no)).toContain(no);
    expect(JSON.stringify(found.body)).not.toMatch(/attachments|执照\.pdf/);
  });

  async function eventuallyAudited(no: string, n: number): Promise<void> {
    const rows = async () =>
      (
        (await h.api.get('admin', '/audit-log', { objectType: 'enquiries', objectId: no })).body as {
          rows: Array<{ action: string; outcome: number }>;
        }
      ).rows.filter((r) => r.action === 'GET /api/intake/enquiries/:no/attachments/:fileId');
    let found = await rows();
    for (let i = 0; i < 50 && found.length < n; i++) {
      await new Promise((r) => setTimeout(r, 100));
      found = await rows();
    }
    expect(found.map((r) => r.outcome).sort()).toEqual(
      [200, 200, 200, 404, 404, 404, 404].slice(0, n).sort(),
    );
  }

  it("refuses a file that is not the user's own unattached upload, an anonymous attachment, and a forged file", async () => {
    const theirs = await h.api.upload('zhangsan', samplePdf('zhangsan'), 'z.pdf');
    const count = async () =>
      Number((await h.database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM enquiry'))[0]?.n);
    const before = await count();
    const foreign = await h.api.post('lisi', '/enquiries', { ...ask, attachmentIds: [theirs.body.id] });
    expect(foreign.status).toBe(422);
    expect(foreign.body).toMatchObject({
      code: 'ENQUIRY_ATTACHMENT_UNKNOWN',
      details: { field: 'attachmentIds' },
    });
    const anonymous = await request(h.url)
      .post('/api/intake/public/enquiries')
      .send({ ...ask, type: 'consultation', attachmentIds: [theirs.body.id] });
    expect(anonymous.status).toBe(422);
    expect(anonymous.body.details).toMatchObject({ field: 'attachmentIds' });
    const bad = await h.api.post('lisi', '/enquiries', { ...ask, attachmentIds: ['x'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('attachmentIds');
    expect(await count()).toBe(before);
    // The upload checks are the materials': a script named .pdf is refused by its bytes.
    const forged = await h.api.upload('lisi', Buffer.from('#!/bin/sh\necho hi\n'), 'evil.pdf');
    expect(forged.status).toBe(415);
    // Used once: the same upload cannot be attached to a second enquiry.
    const mine = await h.api.upload('lisi', samplePdf('once'), 'once.pdf');
    expect((await h.api.post('lisi', '/enquiries', { ...ask, attachmentIds: [mine.body.id] })).status).toBe(
      201,
    );
    const again = await h.api.post('lisi', '/enquiries', { ...ask, attachmentIds: [mine.body.id] });
    expect(again.body.code).toBe('ENQUIRY_ATTACHMENT_UNKNOWN');
  });
});
