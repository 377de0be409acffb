/**
 * 在线咨询与投诉 (issue 25): an anonymous 咨询 (no login, 查询码) with attachments. The files come in the same
 * multipart request as the question (`POST /api/intake/public/enquiries/with-files`): each passes intake's upload
 * checks (type from the bytes, size, plain name); at most N per request; per client IP a rate and a 24-hour quota.
 * A refused request stores nothing (no enquiry, no file row, no object). The files are downloaded only with the
 * 查询码 (a wrong code: 404), and by the staff who handle the enquiry through the signed-in route.
 */
import { testDatabaseKinds } from '@hall/persistence';
import { binaryParser } from '@hall/platform/testing';
import { samplePdf, samplePng } from '@hall/storage';
import request from 'supertest';
import { startIntake, type IntakeHarness } from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();
const MAX_BYTES = 10 * 1024 * 1024;

describe.each(kinds)('intake 匿名咨询附件 on %s', (kind) => {
  let h: IntakeHarness;
  beforeAll(async () => {
    // Small limits so that the suite reaches each of them: 3 files a request, a burst of 7 requests with files
    // from one address (refilled at 1 an hour), 4 files in 24 hours.
    h = await startIntake(kind, '2026-03-02T02:00:00.000Z', undefined, undefined, {
      anonymousAttachmentLimits: { maxFiles: 3, rateBurst: 7, ratePerHour: 1, dayMaxFiles: 4 },
    });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  const ask = {
    type: 'consultation',
    subject: '个体户营业执照遗失补办',
    text: '营业执照遗失了，需要登报吗？附上遗失声明和执照照片。',
    regionCode: '330106',
    public: false,
  };
  const send = (enquiry: unknown, files: Array<[Buffer, string]>) => {
    const req = request(h.url)
      .post('/api/intake/public/enquiries/with-files')
      .field('enquiry', JSON.stringify(enquiry));
    // A name with a path goes as `filepath` (form-data would cut it to its base name).
    for (const [bytes, name] of files) {
      const options = name.includes('/') ? { filepath: name } : { filename: name };
      req.attach('files', bytes, options);
    }
    return req;
  };
  const storage = () => {
    const s = h.runtime.storage;
    if (!s) throw new Error('no storage');
    return s;
  };
  /** The stored objects of anonymous askers; a listing that meets a keep-alive socket s3rver just closed is retried. */
  const listAnonymousKeys = async (): Promise<string[]> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await storage().listKeys(storage().buckets.materials, 'intake/enquiries/anonymous');
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  };
  /** Enquiries, file rows and stored objects of anonymous askers: what a refused request must not change. */
  const footprint = async () => {
    const [row] = await h.database.db.sql.query<{ enquiries: number; files: number }>(
      `SELECT (SELECT count(*)::int FROM enquiry) AS enquiries,
              (SELECT count(*)::int FROM uploaded_file WHERE owner_user_id LIKE 'anonymous-ip:%') AS files`,
    );
    const objects = await listAnonymousKeys();
    return { enquiries: row?.enquiries ?? 0, files: row?.files ?? 0, objects: objects.length };
  };
  const download = (url: string, code?: string) =>
    request(h.url)
      .get(url)
      .query(code === undefined ? {} : { code })
      .buffer(true)
      .parse(binaryParser);

  let no = '';
  let code = '';
  const letter = samplePdf('loss-notice');
  const photo = samplePng();

  it('takes the files with the question, shows them to the 查询码 holder and the staff only', async () => {
    const before = await footprint();
    const sent = await send(ask, [
      [letter, '遗失声明.pdf'],
      [photo, '执照照片.png'],
    ]);
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      no: expect.stringMatching(/^ZX\d{14}$/),
      queryCode: expect.any(String),
    });
    no = sent.body.no as string;
    code = sent.body.queryCode as string;
    expect(await footprint()).toEqual({
      enquiries: before.enquiries + 1,
      files: before.files + 2,
      objects: before.objects + 2,
    });

    const view = await request(h.url).get(`/api/intake/public/enquiries/${no}`).query({ code });
    expect(view.status).toBe(200);
    expect(view.body.attachments).toEqual([
      expect.objectContaining({ name: '遗失声明.pdf', contentType: 'application/pdf', from: 'asker' }),
      expect.objectContaining({ name: '执照照片.png', contentType: 'image/png', from: 'asker' }),
    ]);
    const [pdf, png] = view.body.attachments as [{ id: string; url: string }, { id: string; url: string }];
    expect(pdf.url).toBe(`/api/intake/public/enquiries/${no}/attachments/${pdf.id}`);

    // With the 查询码: the bytes, as an attachment.
    const got = await download(pdf.url, code);
    expect(got.status).toBe(200);
    expect(got.headers['content-disposition']).toMatch(/^attachment;/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(got.body as Buffer, letter)).toBe(0);
    expect(Buffer.compare((await download(png.url, code)).body as Buffer, photo)).toBe(0);
    // A wrong code, no code, another enquiry's number, an unknown file: 404, no file.
    for (const res of [
      await download(pdf.url, 'AAAA-BBBB'),
      await download(pdf.url),
      await download(`/api/intake/public/enquiries/ZX20260302999999/attachments/${pdf.id}`, code),
      await download(
        `/api/intake/public/enquiries/${no}/attachments/00000000-0000-4000-8000-000000000000`,
        code,
      ),
    ]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-disposition']).toBeUndefined();
    }
    // The dispatcher of the region downloads it through the signed-in route; a supervisor does not.
    const staffUrl = `/api/intake/enquiries/${no}/attachments/${pdf.id}`;
    const asStaff = async (user: string) =>
      request(h.url)
        .get(staffUrl)
        .set('authorization', `Bearer ${await h.tokenFor(user)}`)
        .buffer(true)
        .parse(binaryParser);
    expect((await asStaff('clerk.xihu')).status).toBe(200);
    expect((await asStaff('supervisor')).status).toBe(404);
    const clerkView = await h.api.get('clerk.xihu', `/enquiries/${no}`);
    expect(clerkView.body.attachments[0]).toMatchObject({ from: 'asker', url: staffUrl });
  });

  it('refuses a forged type, a file too large, too many files, a refused enquiry: nothing stored', async () => {
    const before = await footprint();
    const forged = await send(ask, [
      [letter, 'ok.pdf'],
      [Buffer.from('#!/bin/sh\necho hi\n'), 'evil.pdf'],
    ]);
    expect(forged.status).toBe(415);
    expect(forged.body.code).toMatch(/^UPLOAD_TYPE_/);

    const big = await send(ask, [[samplePdf('big', MAX_BYTES + 4096), 'big.pdf']]);
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'UPLOAD_TOO_LARGE', details: { field: 'file' } });

    const many = await send(ask, [
      [samplePdf('1'), '1.pdf'],
      [samplePdf('2'), '2.pdf'],
      [samplePdf('3'), '3.pdf'],
      [samplePdf('4'), '4.pdf'],
    ]);
    expect(many.status).toBe(422);
    expect(many.body).toMatchObject({
      code: 'ENQUIRY_ATTACHMENTS_TOO_MANY',
      details: { field: 'files', maxFiles: 3 },
    });

    const badName = await send(ask, [[letter, '../etc/passwd.pdf']]);
    expect(badName.status).toBe(400);
    expect(badName.body.code).toBe('UPLOAD_BAD_NAME');

    // The enquiry is checked before its files are read: a complaint needs a login; a missing subject is named.
    const complaint = await send({ ...ask, type: 'complaint' }, [[letter, 'a.pdf']]);
    expect(complaint.status).toBe(422);
    expect(complaint.body).toMatchObject({ code: 'ENQUIRY_NEEDS_LOGIN', details: { field: 'type' } });
    const noSubject = await send({ ...ask, subject: undefined }, [[letter, 'a.pdf']]);
    expect(noSubject.status).toBe(400);
    expect(JSON.stringify(noSubject.body)).toContain('subject');
    // Files before the question, or no question at all.
    const filesFirst = await request(h.url)
      .post('/api/intake/public/enquiries/with-files')
      .attach('files', letter, 'a.pdf')
      .field('enquiry', JSON.stringify(ask));
    expect(filesFirst.status).toBe(400);
    expect(filesFirst.body.details).toMatchObject({ field: 'enquiry' });
    expect((await request(h.url).post('/api/intake/public/enquiries/with-files').send(ask)).status).toBe(400);

    expect(await footprint()).toEqual(before);
  });

  it('keeps each address within its 24-hour quota and its rate', async () => {
    // 2 files kept from the first test; 3 more pass the day's 4: refused, nothing stored.
    const before = await footprint();
    const over = await send(ask, [
      [samplePdf('q1'), 'q1.pdf'],
      [samplePdf('q2'), 'q2.pdf'],
      [samplePdf('q3'), 'q3.pdf'],
    ]);
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({
      code: 'UPLOAD_QUOTA_EXCEEDED',
      details: { field: 'files', maxFiles: 4 },
    });
    expect(await footprint()).toEqual(before);
    // Within it: accepted. Without files the plain route is unaffected.
    const fits = await send(ask, [[samplePdf('q4'), 'q4.pdf']]);
    expect(fits.status).toBe(201);
    expect((await request(h.url).post('/api/intake/public/enquiries').send(ask)).status).toBe(201);
    // Requests whose files were read, from this address: 1 + 4 refused + 2 here — the burst of 7 is used up
    // (refused ones count too; those refused before their first file do not).
    const afterFits = await footprint();
    const limited = await send(ask, [[samplePdf('r'), 'r.pdf']]);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'UPLOAD_RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await footprint()).toEqual(afterFits);
  });
});
