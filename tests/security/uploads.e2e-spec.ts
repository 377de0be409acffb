/**
 * Uploads and downloads (issue 10, item 11), through the real HTTP upload endpoints of intake (申请材料,
 * `POST /api/intake/files`) and catalog (空白表格/示例样表, `POST /api/catalog/files`), each booted with real tokens
 * from the dev identity provider and a real s3rver:
 * - oversize (one byte over the endpoint's cap), wrong magic bytes, PDF/HTML polyglots, zip bombs, zips with symbolic
 *   links, images declaring giant dimensions, and path/NUL/bidi/over-long file names are refused with a structured
 *   4xx (status, machine code, a message naming the file field) and change nothing: no file row, no object in the
 *   bucket, the application already submitted with materials unchanged;
 * - the catalog's workbook import (an xlsx request body) refuses zip bombs, links and `../` entries before exceljs
 *   unzips anything;
 * - downloads (intake material, catalog form, licence PDF) are served as attachments with `nosniff` and a filename
 *   that cannot break out of the header.
 * The attack files are generated here (libs/storage sample-files.fixture.ts builds the PNG/JPEG headers and zips).
 */
import { randomUUID } from 'node:crypto';
import { binaryParser, type ServiceHarness } from '@hall/platform/testing';
import { samplePdf, samplePng, samplePngDeclaring, sampleJpegDeclaring, sampleZip } from '@hall/storage';
import request from 'supertest';
import { CATALOG_FILE_MAX_BYTES } from '../../apps/catalog/src/files/files.controller.js';
import { MATERIAL_MAX_BYTES } from '../../apps/intake/src/files/files.controller.js';
import { foodSnapshot, publishImplementation } from '../../apps/intake/test/factories/intake.factory.js';
import { decision, publishDecision, until } from '../../apps/licence/test/factories/licence.factory.js';
import { serviceNamed, startService } from './support/services.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A multipart/form-data body with one file part, its name written byte for byte as given (UTF-8). */
function multipart(filename: string, content: Buffer, contentType: string): { body: Buffer; type: string } {
  const boundary = `----hall${randomUUID()}`;
  const escaped = filename.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${escaped}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head, 'utf8'), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

/** `%PDF-` header with an HTML document and script inside, then a valid PDF: a PDF reader and a browser each see their own format. */
const polyglotPdf = (): Buffer =>
  Buffer.concat([
    Buffer.from(
      '%PDF-1.4\n%<html><head><title>x</title></head><body><script>alert(document.cookie)</script></body></html>\n',
    ),
    samplePdf().subarray(9),
  ]);
const htmlAsPdf = (): Buffer =>
  Buffer.from(
    '<!doctype html>\n<html><body><script>fetch("/api/intake/applications")</script></body></html>\n',
  );
const exeBytes = (): Buffer =>
  Buffer.concat([
    Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'),
    Buffer.alloc(200),
  ]);
/** One byte over `cap`: a valid PDF padded with a comment line. */
const oversizePdf = (cap: number): Buffer => {
  const pdf = samplePdf('big');
  return Buffer.concat([pdf, Buffer.from('%'), Buffer.alloc(cap - pdf.length - 1, 0x78)]);
};
/** A real deflate bomb: 64 MiB of zeros packed into ~64 KiB, as a plain zip. */
const zipBomb = (): Buffer =>
  sampleZip([
    { name: 'readme.txt', data: Buffer.from('申请表') },
    { name: 'zeros.bin', data: Buffer.alloc(64 * 1024 * 1024), deflate: true },
  ]);
/** The same bomb dressed as a Word document (file-type recognises it as docx from its content types part). */
const docxBomb = (): Buffer =>
  sampleZip([
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
    },
    { name: 'word/document.xml', data: Buffer.alloc(64 * 1024 * 1024, 0x20), deflate: true },
  ]);
const symlinkZip = (): Buffer =>
  sampleZip([
    { name: '说明.txt', data: Buffer.from('见附件') },
    { name: 'passwd', data: Buffer.from('/etc/passwd'), symlink: true },
  ]);

interface Attack {
  readonly label: string;
  readonly content: () => Buffer;
  readonly name: string;
  readonly type: string;
  /** [status, code] per endpoint. */
  readonly intake: readonly [number, string];
  readonly catalog: readonly [number, string];
}

const ATTACKS: readonly Attack[] = [
  {
    label: 'one byte over the cap',
    content: () => oversizePdf(MATERIAL_MAX_BYTES + 1),
    name: 'big.pdf',
    type: 'application/pdf',
    intake: [413, 'UPLOAD_TOO_LARGE'],
    catalog: [201, 'accepted under its larger cap'],
  },
  {
    label: 'one byte over the catalog cap',
    content: () => oversizePdf(CATALOG_FILE_MAX_BYTES + 1),
    name: 'big.pdf',
    type: 'application/pdf',
    intake: [413, 'UPLOAD_TOO_LARGE'],
    catalog: [413, 'UPLOAD_TOO_LARGE'],
  },
  {
    label: 'PNG bytes named .pdf',
    content: samplePng,
    name: 'scan.pdf',
    type: 'application/pdf',
    intake: [415, 'UPLOAD_TYPE_MISMATCH'],
    catalog: [415, 'UPLOAD_TYPE_MISMATCH'],
  },
  {
    label: 'EXE bytes named .pdf',
    content: exeBytes,
    name: 'scan.pdf',
    type: 'application/pdf',
    intake: [415, 'UPLOAD_TYPE_MISMATCH'],
    catalog: [415, 'UPLOAD_TYPE_MISMATCH'],
  },
  {
    label: 'EXE bytes as an .exe',
    content: exeBytes,
    name: 'setup.exe',
    type: 'application/octet-stream',
    intake: [415, 'UPLOAD_TYPE_NOT_ALLOWED'],
    catalog: [415, 'UPLOAD_TYPE_NOT_ALLOWED'],
  },
  {
    label: 'plain text named .pdf',
    content: () => Buffer.from('申请书 plain text'),
    name: 'form.pdf',
    type: 'application/pdf',
    intake: [415, 'UPLOAD_TYPE_MISMATCH'],
    catalog: [415, 'UPLOAD_TYPE_MISMATCH'],
  },
  {
    label: 'a PDF that is also HTML',
    content: polyglotPdf,
    name: 'scan.pdf',
    type: 'application/pdf',
    intake: [415, 'UPLOAD_POLYGLOT'],
    catalog: [415, 'UPLOAD_POLYGLOT'],
  },
  {
    label: 'an HTML page renamed .pdf',
    content: htmlAsPdf,
    name: 'scan.pdf',
    type: 'application/pdf',
    intake: [415, 'UPLOAD_TYPE_MISMATCH'],
    catalog: [415, 'UPLOAD_TYPE_MISMATCH'],
  },
  {
    label: 'an HTML page sent as octet-stream',
    content: htmlAsPdf,
    name: 'page.html',
    type: 'application/octet-stream',
    intake: [415, 'UPLOAD_TYPE_NOT_ALLOWED'],
    catalog: [415, 'UPLOAD_TYPE_NOT_ALLOWED'],
  },
  // Intake accepts no archives at all (PDF/JPEG/PNG): the type refusal comes first.
  {
    label: 'a zip bomb',
    content: zipBomb,
    name: 'forms.zip',
    type: 'application/zip',
    intake: [415, 'UPLOAD_TYPE_NOT_ALLOWED'],
    catalog: [422, 'UPLOAD_ARCHIVE_BOMB'],
  },
  {
    label: 'a docx bomb',
    content: docxBomb,
    name: '申请书.docx',
    type: DOCX,
    intake: [415, 'UPLOAD_TYPE_NOT_ALLOWED'],
    catalog: [422, 'UPLOAD_ARCHIVE_BOMB'],
  },
  {
    label: 'a zip with a symbolic link',
    content: symlinkZip,
    name: 'forms.zip',
    type: 'application/zip',
    intake: [415, 'UPLOAD_TYPE_NOT_ALLOWED'],
    catalog: [422, 'UPLOAD_ARCHIVE_LINK'],
  },
  {
    label: 'a PNG declaring 50000×50000',
    content: () => samplePngDeclaring(50_000, 50_000),
    name: 'photo.png',
    type: 'image/png',
    intake: [422, 'UPLOAD_IMAGE_TOO_LARGE'],
    catalog: [422, 'UPLOAD_IMAGE_TOO_LARGE'],
  },
  {
    label: 'a JPEG declaring 60000×60000',
    content: () => sampleJpegDeclaring(60_000, 60_000),
    name: 'photo.jpg',
    type: 'image/jpeg',
    intake: [422, 'UPLOAD_IMAGE_TOO_LARGE'],
    catalog: [422, 'UPLOAD_IMAGE_TOO_LARGE'],
  },
  ...[
    ['a ../ name', '../../etc/passwd.pdf'],
    ['a ..\\ name', '..\\x.pdf'],
    ['a name with a directory', 'uploads/evil.pdf'],
    ['a name with NUL', 'scan.pdf\u0000.exe'],
    ['a name with a control character', 'scan\u0007.pdf'],
    ['a name with an RTL override', '营业执照\u202efdp.exe.pdf'],
    ['a name with a zero-width space', 'scan\u200b.pdf'],
    ['a 300-character name', `${'很长的文件名'.repeat(50)}.pdf`],
    ['a name of dots', '..'],
  ].map(([label, name]): Attack => ({
    label: label as string,
    content: () => samplePdf('x'),
    name: name as string,
    type: 'application/pdf',
    intake: [400, 'UPLOAD_BAD_NAME'],
    catalog: [400, 'UPLOAD_BAD_NAME'],
  })),
];

interface Endpoint {
  readonly service: 'intake' | 'catalog';
  readonly path: string;
  readonly user: string;
  readonly rowsTable: string;
}

const ENDPOINTS: readonly Endpoint[] = [
  { service: 'intake', path: '/api/intake/files', user: 'zhangsan', rowsTable: 'uploaded_file' },
  { service: 'catalog', path: '/api/catalog/files', user: 'catalog.admin', rowsTable: 'catalog_file' },
];

describe.each(ENDPOINTS.map((e) => [e.path, e] as const))('uploads to %s', (_path, endpoint) => {
  let h: ServiceHarness;
  let token: string;
  let applicationNo: string | undefined;

  const upload = (name: string, content: Buffer, type: string) => {
    const { body, type: contentType } = multipart(name, content, type);
    return request(h.url)
      .post(endpoint.path)
      .set('authorization', `Bearer ${token}`)
      .set('content-type', contentType)
      .send(body);
  };
  const storage = () => {
    const s = h.runtime.storage;
    if (!s) throw new Error('no storage');
    return s;
  };
  const rows = async (sql: string) => h.database.db.sql.query<Record<string, unknown>>(sql);
  /** Everything an upload could change: file rows, stored objects, and (intake) the submitted application with its materials. */
  const state = async () => ({
    files: await rows(`SELECT * FROM ${endpoint.rowsTable} ORDER BY created_at, key`),
    objects: await storage().listKeys(storage().buckets.materials),
    application: endpoint.service === 'intake' ? await rows('SELECT * FROM application ORDER BY no') : [],
    materials:
      endpoint.service === 'intake' ? await rows('SELECT * FROM application_material ORDER BY id') : [],
  });

  beforeAll(async () => {
    h = await startService(serviceNamed(endpoint.service));
    token = await h.tokenFor(endpoint.user);
    if (endpoint.service === 'intake') {
      // A submitted application with uploaded materials: the attacks must not touch it.
      const snapshot = foodSnapshot();
      await publishImplementation(h, snapshot);
      const ids: string[] = [];
      for (const name of ['申请书.pdf', '营业执照.pdf']) {
        const res = await upload(name, samplePdf(name), 'application/pdf');
        if (res.status !== 201) throw new Error(`setup upload: ${res.status} ${JSON.stringify(res.body)}`);
        ids.push(res.body.id as string);
      }
      const res = await request(h.url)
        .post('/api/intake/applications')
        .set('authorization', `Bearer ${token}`)
        .send({
          implementationCode: snapshot.implementationCode,
          materials: [
            { materialId: 'application', source: 'upload', fileIds: [ids[0]] },
            { materialId: 'business-licence', source: 'upload', fileIds: [ids[1]] },
          ],
        });
      if (res.status !== 201) throw new Error(`setup submit: ${res.status} ${JSON.stringify(res.body)}`);
      applicationNo = res.body.no as string;
    }
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('accepts ordinary files (PDF, PNG, a JPEG with a normal header; catalog: a small zip), so the refusals below are about the attack', async () => {
    const ok: Array<readonly [string, Buffer, string, string]> = [
      ['营业执照.pdf', samplePdf('ok'), 'application/pdf', 'application/pdf'],
      ['photo.png', samplePng(), 'image/png', 'image/png'],
      ['photo.jpg', sampleJpegDeclaring(4000, 3000), 'image/jpeg', 'image/jpeg'],
    ];
    if (endpoint.service === 'catalog')
      ok.push([
        '样表.zip',
        sampleZip([{ name: '样表.txt', data: Buffer.from('样表'.repeat(1000)), deflate: true }]),
        'application/zip',
        'application/zip',
      ]);
    for (const [name, content, type, stored] of ok) {
      const before = await state();
      const res = await upload(name, content, type);
      expect([name, res.status, res.body.contentType]).toEqual([name, 201, stored]);
      const after = await state();
      expect(after.files.length).toBe(before.files.length + 1);
      expect(after.objects.length).toBe(before.objects.length + 1);
    }
  });

  it.each(ATTACKS.map((a) => [a.label, a] as const))(
    'refuses %s with a structured error and changes nothing',
    async (_label, attack) => {
      const [status, code] = attack[endpoint.service];
      const before = await state();
      const res = await upload(attack.name, attack.content(), attack.type);
      if (status === 201) {
        expect(res.status).toBe(201); // the control case: the same bytes are fine under this endpoint's cap
        return;
      }
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      expect(res.body.details).toMatchObject({ field: 'file' });
      expect(res.body.message).toMatch(/\bfile\b/);
      expect(await state()).toEqual(before);
      if (applicationNo !== undefined) expect(before.application).toHaveLength(1);
    },
  );
});

describe('catalog workbook import (POST /api/catalog/import, xlsx body)', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  let h: ServiceHarness;
  let token: string;
  const exported = async () =>
    (await request(h.url).get('/api/catalog/export').set('authorization', `Bearer ${token}`)).body as unknown;

  beforeAll(async () => {
    h = await startService(serviceNamed('catalog'));
    token = await h.tokenFor('catalog.admin');
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    [
      'a workbook-shaped zip bomb',
      () =>
        sampleZip([
          { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
          { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * 1024 * 1024, 0x20), deflate: true },
        ]),
      'UPLOAD_ARCHIVE_BOMB',
    ],
    [
      'a workbook with a symbolic link',
      () => sampleZip([{ name: 'xl/workbook.xml', data: Buffer.from('/etc/passwd'), symlink: true }]),
      'UPLOAD_ARCHIVE_LINK',
    ],
    [
      'a workbook with a ../ entry',
      () => sampleZip([{ name: '../../xl/workbook.xml', data: Buffer.from('<workbook/>') }]),
      'UPLOAD_ARCHIVE_UNSAFE_PATH',
    ],
  ])('refuses %s before unzipping it (422) and imports nothing', async (_label, content, code) => {
    const before = await exported();
    const res = await request(h.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', XLSX)
      .send(content());
    expect({ status: res.status, code: res.body.code, field: res.body.details?.field }).toEqual({
      status: 422,
      code,
      field: 'file',
    });
    expect(await exported()).toEqual(before);
  });

  it('still imports a real workbook (the export of this catalog)', async () => {
    const xlsx = await request(h.url)
      .get('/api/catalog/export')
      .query({ format: 'xlsx' })
      .set('authorization', `Bearer ${token}`)
      .buffer(true)
      .parse(binaryParser);
    const res = await request(h.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', XLSX)
      .send(xlsx.body as Buffer);
    expect([res.status, res.body.sheetErrors]).toEqual([200, []]);
  });
});

describe('downloads are attachments, not sniffable, with a safe filename', () => {
  /** The Content-Disposition's ASCII `filename="…"` part stays one quoted token of printable ASCII. */
  const expectSafeDisposition = (header: unknown, encodedName: string) => {
    expect(typeof header).toBe('string');
    const value = header as string;
    expect(value).toMatch(
      /^attachment; filename="[\x20-\x21\x23-\x5b\x5d-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!._~-]+$/,
    );
    expect(value).toContain(`filename*=UTF-8''${encodedName}`);
  };
  const rfc5987 = (name: string) =>
    encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

  it('intake: a material of an application (GET /api/intake/applications/:no/files/:fileId)', async () => {
    const h = await startService(serviceNamed('intake'));
    try {
      const token = await h.tokenFor('zhangsan');
      const snapshot = foodSnapshot();
      await publishImplementation(h, snapshot);
      const name = '营业执照 (副本); 100% "最终版".pdf';
      const content = samplePdf('licence');
      const { body, type } = multipart(name, content, 'application/pdf');
      const up = await request(h.url)
        .post('/api/intake/files')
        .set('authorization', `Bearer ${token}`)
        .set('content-type', type)
        .send(body);
      expect(up.status).toBe(201);
      const other = await request(h.url)
        .post('/api/intake/files')
        .set('authorization', `Bearer ${token}`)
        .attach('file', samplePdf('a'), 'a.pdf');
      const submit = await request(h.url)
        .post('/api/intake/applications')
        .set('authorization', `Bearer ${token}`)
        .send({
          implementationCode: snapshot.implementationCode,
          materials: [
            { materialId: 'application', source: 'upload', fileIds: [other.body.id] },
            { materialId: 'business-licence', source: 'upload', fileIds: [up.body.id] },
          ],
        });
      expect(submit.status).toBe(201);
      const res = await request(h.url)
        .get(`/api/intake/applications/${submit.body.no as string}/files/${up.body.id as string}`)
        .set('authorization', `Bearer ${token}`)
        .buffer(true)
        .parse(binaryParser);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expectSafeDisposition(res.headers['content-disposition'], rfc5987(up.body.name as string));
      expect(up.body.name).toBe('营业执照 (副本); 100% _最终版_.pdf'); // quotes are not kept in the stored name
      expect(Buffer.compare(res.body as Buffer, content)).toBe(0);
    } finally {
      await h.close();
    }
  }, 120_000);

  it('catalog: a published form, public (GET /api/catalog/files/*)', async () => {
    const h = await startService(serviceNamed('catalog'));
    try {
      const token = await h.tokenFor('catalog.admin');
      const name = '食品经营许可申请书 (空白); v2.pdf';
      const { body, type } = multipart(name, samplePdf('form'), 'application/pdf');
      const up = await request(h.url)
        .post('/api/catalog/files')
        .set('authorization', `Bearer ${token}`)
        .set('content-type', type)
        .send(body);
      expect(up.status).toBe(201);
      const res = await request(h.url)
        .get(`/api/catalog/files/${up.body.key as string}`)
        .buffer(true)
        .parse(binaryParser);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expectSafeDisposition(res.headers['content-disposition'], rfc5987(name));
    } finally {
      await h.close();
    }
  }, 120_000);

  it('licence: the signed licence PDF (GET /api/licence/licences/:identifier/pdf)', async () => {
    const h = await startService(serviceNamed('licence'));
    try {
      const token = await h.tokenFor('xihu-tech');
      await publishDecision(h, decision());
      const identifier = await until(async () => {
        const mine = await request(h.url)
          .get('/api/licence/licences')
          .query({ mine: 1 })
          .set('authorization', `Bearer ${token}`);
        const first = (mine.body.items as Array<{ identifier: string }> | undefined)?.[0]?.identifier;
        if (first === undefined) return undefined;
        const one = await request(h.url)
          .get(`/api/licence/licences/${first}`)
          .set('authorization', `Bearer ${token}`);
        return (one.body as { pdf?: { status?: string } }).pdf?.status === 'done' ? first : undefined;
      }, 'an issued and rendered licence');
      const res = await request(h.url)
        .get(`/api/licence/licences/${identifier}/pdf`)
        .set('authorization', `Bearer ${token}`)
        .buffer(true)
        .parse(binaryParser);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="[\x20-\x21\x23-\x5b\x5d-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!._~-]+$/,
      );
      expect((res.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } finally {
      await h.close();
    }
  }, 120_000);
});
