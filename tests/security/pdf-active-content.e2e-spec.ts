/**
 * Active content in PDFs (issue 18, finding 10). PDFs that run something when opened (`/OpenAction` with
 * `/JavaScript`, `/Launch`, `/JS` in an annotation's additional actions), carry embedded files, or also hold markup a
 * browser would run (`<svg/onload>`, `<img onerror>`, a UTF-16 `<script>`) passed the upload checks. They are now
 * refused — not sanitised: a material is evidence and is kept byte for byte — through the real upload endpoints of
 * intake (申请材料) and catalog (空白表格), with a structured error naming the file field and nothing stored:
 * `UPLOAD_PDF_ACTIVE_CONTENT` (422) for PDF features, `UPLOAD_POLYGLOT` (415) for markup. The checks see through
 * `#xx`-escaped names and compressed object streams; ordinary PDFs (an `/OpenAction` that only opens page 1, links)
 * still pass.
 */
import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { serviceNamed, startService } from './support/services.js';

/** A one-page PDF with `catalogExtra` in its catalog dictionary and `extra` objects (numbered from 6). */
function pdf(
  opts: { catalogExtra?: string; pageExtra?: string; extra?: string[]; text?: string; raw?: string } = {},
): Buffer {
  const content = `BT /F1 12 Tf 72 720 Td (${opts.text ?? 'hall'}) Tj ET`;
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R ${opts.catalogExtra ?? ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> ${opts.pageExtra ?? ''} >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...(opts.extra ?? []),
  ];
  let body = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  if (opts.raw) body += opts.raw;
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** An object stream (PDF 1.5) holding `dicts` as objects 100, 101, …, Flate-compressed: nothing of them is visible in the raw bytes. */
function objectStream(dicts: string[]): string {
  let header = '';
  let data = '';
  dicts.forEach((d, i) => {
    header += `${100 + i} ${data.length} `;
    data += `${d}\n`;
  });
  const packed = deflateSync(Buffer.from(header + data, 'latin1'));
  return `<< /Type /ObjStm /N ${dicts.length} /First ${header.length} /Filter /FlateDecode /Length ${packed.length} >>\nstream\n${packed.toString('latin1')}\nendstream`;
}

const utf16 = (text: string, order: 'le' | 'be'): string => {
  const le = Buffer.from(text, 'utf16le');
  if (order === 'be') le.swap16();
  return le.toString('latin1');
};

interface Case {
  readonly label: string;
  readonly content: () => Buffer;
  readonly status: number;
  readonly code: string;
}

const ACTIVE = (label: string, content: () => Buffer): Case => ({
  label,
  content,
  status: 422,
  code: 'UPLOAD_PDF_ACTIVE_CONTENT',
});
const MARKUP = (label: string, content: () => Buffer): Case => ({
  label,
  content,
  status: 415,
  code: 'UPLOAD_POLYGLOT',
});

const CASES: readonly Case[] = [
  ACTIVE('/OpenAction running JavaScript', () =>
    pdf({ catalogExtra: '/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>' }),
  ),
  ACTIVE('/OpenAction pointing at a JavaScript action object', () =>
    pdf({
      catalogExtra: '/OpenAction 6 0 R',
      extra: ['<< /Type /Action /S /JavaScript /JS 7 0 R >>', '(this.exportDataObject\\(\\))'],
    }),
  ),
  ACTIVE('a page additional action (/AA) with /JS', () =>
    pdf({ pageExtra: '/AA << /O << /S /JavaScript /JS (print\\(\\)) >> >>' }),
  ),
  ACTIVE('a document-level /Names /JavaScript tree', () =>
    pdf({
      catalogExtra: '/Names << /JavaScript << /Names [(a) 6 0 R] >> >>',
      extra: ['<< /S /JavaScript /JS (x) >>'],
    }),
  ),
  ACTIVE('/Launch of a program', () =>
    pdf({ catalogExtra: '/OpenAction << /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >> >>' }),
  ),
  ACTIVE('an embedded file', () =>
    pdf({
      catalogExtra: '/Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >>',
      extra: [
        '<< /Type /Filespec /F (a.exe) /EF << /F 7 0 R >> >>',
        '<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream',
      ],
    }),
  ),
  ACTIVE('a file attachment annotation', () =>
    pdf({
      pageExtra: '/Annots [<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS 6 0 R >>]',
      extra: ['<< /Type /Filespec /F (x.bat) >>'],
    }),
  ),
  ACTIVE('a #-escaped /J#61vaScript name', () =>
    pdf({ catalogExtra: '/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>' }),
  ),
  ACTIVE('JavaScript hidden in a compressed object stream', () =>
    pdf({
      catalogExtra: '/OpenAction 100 0 R',
      extra: [objectStream(['<< /S /JavaScript /JS (app.alert\\(1\\)) >>'])],
    }),
  ),
  ACTIVE('an XFA form (scripts)', () =>
    pdf({
      catalogExtra: '/AcroForm << /Fields [] /XFA 6 0 R >>',
      extra: ['<< /Length 7 >>\nstream\n<xdp/>\nendstream'],
    }),
  ),
  MARKUP('<svg/onload>', () => pdf({ raw: '%<svg/onload=alert(document.domain)>\n' })),
  MARKUP('<img onerror>', () => pdf({ raw: '%<img src=x onerror=alert(1)>\n' })),
  MARKUP('a UTF-16LE <script>', () => pdf({ raw: `%${utf16('<script>alert(1)</script>', 'le')}\n` })),
  MARKUP('a UTF-16BE <script>', () => pdf({ raw: `%${utf16('<script>alert(1)</script>', 'be')}\n` })),
];

/** Ordinary PDFs that must still pass: a plain page, an /OpenAction that only opens page 1, a link, a benign object stream. */
const ORDINARY: ReadonlyArray<readonly [string, () => Buffer]> = [
  ['a plain page', () => pdf()],
  ['/OpenAction opening page 1 to fit', () => pdf({ catalogExtra: '/OpenAction [3 0 R /Fit]' })],
  [
    'a web link annotation',
    () =>
      pdf({
        pageExtra:
          '/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://www.gov.cn/) >> >>]',
      }),
  ],
  [
    'a benign compressed object stream',
    () =>
      pdf({ extra: [objectStream(['<< /Type /Metadata /Author (张三) >>', '<< /Producer (scanner) >>'])] }),
  ],
  ['text mentioning JavaScript in a content string', () => pdf({ text: 'JavaScript is not run here' })],
];

function multipart(filename: string, content: Buffer): { body: Buffer; type: string } {
  const boundary = `----hall${randomUUID()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head, 'utf8'), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

const ENDPOINTS = [
  { service: 'intake', path: '/api/intake/files', user: 'zhangsan', table: 'uploaded_file' },
  { service: 'catalog', path: '/api/catalog/files', user: 'catalog.admin', table: 'catalog_file' },
] as const;

describe.each(ENDPOINTS.map((e) => [e.path, e] as const))(
  'active content in PDFs uploaded to %s',
  (_path, endpoint) => {
    let h: ServiceHarness;
    let token = '';
    const upload = (content: Buffer) => {
      const { body, type } = multipart('申请书.pdf', content);
      return request(h.url)
        .post(endpoint.path)
        .set('authorization', `Bearer ${token}`)
        .set('content-type', type)
        .send(body);
    };
    const state = async () => {
      const storage = h.runtime.storage;
      if (!storage) throw new Error('no storage');
      return {
        rows: await h.database.db.sql.query(`SELECT * FROM ${endpoint.table} ORDER BY key`),
        objects: await storage.listKeys(storage.buckets.materials),
      };
    };

    beforeAll(async () => {
      h = await startService(serviceNamed(endpoint.service));
      token = await h.tokenFor(endpoint.user);
    }, 120_000);
    afterAll(async () => {
      await h?.close();
    });

    it.each(ORDINARY)('accepts %s', async (_label, content) => {
      const res = await upload(content());
      expect([res.status, res.body.contentType]).toEqual([201, 'application/pdf']);
    });

    it.each(CASES.map((c) => [c.label, c] as const))('refuses %s, storing nothing', async (_label, c) => {
      const before = await state();
      const res = await upload(c.content());
      expect({ status: res.status, code: res.body.code }).toEqual({ status: c.status, code: c.code });
      expect(res.body.details).toMatchObject({ field: 'file' });
      expect(res.body.message).toMatch(/\bfile\b/);
      expect(await state()).toEqual(before);
    });
  },
);
