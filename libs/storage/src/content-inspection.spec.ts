import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { deflateSync } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from '@jest/globals';
import { AppError } from '@hall/errors';
import {
  checkImageSize,
  ContentInspector,
  findHtmlMarkup,
  findPdfActiveContent,
  IMAGE_HEADER_BYTES,
  inspectZipTail,
  readImageSize,
  type ContentLimits,
} from './content-inspection.js';
import { assertPlainFileName } from './file-name.js';
import {
  samplePdf,
  samplePng,
  samplePngDeclaring,
  sampleJpegDeclaring,
  sampleZip,
} from './sample-files.fixture.js';

const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? [err.status, err.code, err.details?.['field']] : err;
  }
  return 'no error';
};

/** Streams `content` through a ContentInspector in `chunk`-byte pieces; resolves to the refusal's code or 'ok'. */
async function inspect(
  mime: string,
  content: Buffer,
  chunk = 1000,
  limits: ContentLimits = {},
): Promise<unknown> {
  const pieces: Buffer[] = [];
  for (let at = 0; at < content.length; at += chunk) pieces.push(content.subarray(at, at + chunk));
  const out: Buffer[] = [];
  try {
    const sink = new Writable({
      write(b: Buffer, _encoding, done) {
        out.push(b);
        done();
      },
    });
    await pipeline(Readable.from(pieces), new ContentInspector(mime, limits), sink);
  } catch (err) {
    return err instanceof AppError ? err.code : err;
  }
  return Buffer.concat(out).equals(content) ? 'ok' : 'altered';
}

describe('image dimensions from the header', () => {
  it('reads PNG IHDR and JPEG SOF sizes, also behind large metadata segments, and says when more bytes are needed', () => {
    expect(readImageSize('image/png', samplePng())).toEqual({ width: 1, height: 1 });
    expect(readImageSize('image/png', samplePngDeclaring(50_000, 50_000))).toEqual({
      width: 50_000,
      height: 50_000,
    });
    expect(readImageSize('image/jpeg', sampleJpegDeclaring(640, 480))).toEqual({ width: 640, height: 480 });
    const behindExif = sampleJpegDeclaring(4000, 3000, 60_000);
    expect(readImageSize('image/jpeg', behindExif)).toEqual({ width: 4000, height: 3000 });
    expect(readImageSize('image/jpeg', behindExif.subarray(0, 30_000))).toBe('incomplete');
    expect(readImageSize('image/png', samplePng().subarray(0, 20))).toBe('incomplete');
    expect(readImageSize('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBeUndefined(); // scan before frame
  });

  it('refuses giant or zero dimensions (422), accepts ordinary photos', () => {
    expect(codeOf(() => checkImageSize({ width: 4000, height: 3000 }))).toBe('no error');
    expect(codeOf(() => checkImageSize({ width: 50_000, height: 50_000 }))).toEqual([
      422,
      'UPLOAD_IMAGE_TOO_LARGE',
      'file',
    ]);
    expect(codeOf(() => checkImageSize({ width: 40_000, height: 10 }))).toEqual([
      422,
      'UPLOAD_IMAGE_TOO_LARGE',
      'file',
    ]);
    expect(codeOf(() => checkImageSize({ width: 12_000, height: 12_000 }))).toEqual([
      422,
      'UPLOAD_IMAGE_TOO_LARGE',
      'file',
    ]);
    expect(codeOf(() => checkImageSize({ width: 0, height: 10 }))).toEqual([
      422,
      'UPLOAD_IMAGE_UNREADABLE',
      'file',
    ]);
    expect(codeOf(() => checkImageSize({ width: 2000, height: 2000 }, { maxImageSide: 1000 }))).toEqual([
      422,
      'UPLOAD_IMAGE_TOO_LARGE',
      'file',
    ]);
  });

  it('the inspector refuses a giant PNG/JPEG even when the header arrives byte by byte, and passes a normal one through unchanged', async () => {
    expect(await inspect('image/png', samplePng(), 1)).toBe('ok');
    expect(await inspect('image/jpeg', sampleJpegDeclaring(4000, 3000, 60_000), 7)).toBe('ok');
    expect(await inspect('image/png', samplePngDeclaring(50_000, 50_000), 1)).toBe('UPLOAD_IMAGE_TOO_LARGE');
    expect(await inspect('image/jpeg', sampleJpegDeclaring(65_000, 65_000), 3)).toBe(
      'UPLOAD_IMAGE_TOO_LARGE',
    );
    // No frame header within the first MiB (or at all): not an image we can judge.
    expect(
      await inspect(
        'image/jpeg',
        Buffer.concat([sampleJpegDeclaring(10, 10).subarray(0, 2), Buffer.from([0xff, 0xd9])]),
      ),
    ).toBe('UPLOAD_IMAGE_UNREADABLE');
    const padding = Buffer.alloc(IMAGE_HEADER_BYTES + 10, 0);
    expect(await inspect('image/jpeg', Buffer.concat([Buffer.from([0xff, 0xd8]), padding]), 64 * 1024)).toBe(
      'UPLOAD_IMAGE_UNREADABLE',
    );
  });
});

describe('PDF/HTML polyglots', () => {
  it('finds HTML documents, scripts and frames, not PDF syntax', () => {
    expect(findHtmlMarkup(samplePdf())).toBeUndefined();
    expect(
      findHtmlMarkup(Buffer.from('<< /Type /Catalog >> <48656c6c6f> <</S /JavaScript>>')),
    ).toBeUndefined();
    expect(findHtmlMarkup(Buffer.from('%PDF-1.4\n<html><script>alert(1)</script>'))).toBe('<html>');
    expect(findHtmlMarkup(Buffer.from('x <SCRIPT src=//evil>'))).toBe('<SCRIPT ');
    expect(findHtmlMarkup(Buffer.from('<!DOCTYPE html>'))).toBe('<!DOCTYPE html>');
    expect(findHtmlMarkup(Buffer.from('<iframe/src=x>'))).toBe('<iframe/');
  });

  it('the inspector refuses markup anywhere in a PDF, also split across chunks; a clean PDF passes', async () => {
    expect(await inspect('application/pdf', samplePdf('hall', 200_000), 4096)).toBe('ok');
    const head = Buffer.from('%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n');
    expect(await inspect('application/pdf', Buffer.concat([head, samplePdf()]))).toBe('UPLOAD_POLYGLOT');
    const deep = Buffer.concat([samplePdf('x', 100_000), Buffer.from('<script>alert(1)</script>')]);
    for (const chunk of [1, 3, 4096])
      expect(await inspect('application/pdf', deep, chunk)).toBe('UPLOAD_POLYGLOT');
    // Other types are not scanned for markup.
    expect(await inspect('image/png', Buffer.concat([samplePng(), Buffer.from('<script>')]))).toBe('ok');
  });
});

describe('PDF active content', () => {
  const objStm = (body: Buffer, dictExtra = '/Filter /FlateDecode') =>
    Buffer.concat([
      Buffer.from(
        `1 0 obj\n<< /Type /ObjStm /N 1 /First 4 ${dictExtra} /Length ${body.length} >>\nstream\n`,
        'latin1',
      ),
      body,
      Buffer.from('\nendstream\nendobj\n'),
    ]);

  it('finds script, launch and embedded-file names, #-escaped too; not in ordinary PDFs', () => {
    expect(findPdfActiveContent(samplePdf())).toBeUndefined();
    expect(findPdfActiveContent(Buffer.from('<< /OpenAction << /S /JavaScript /JS (x) >> >>'))).toBe(
      '/JavaScript',
    );
    expect(findPdfActiveContent(Buffer.from('<< /A << /S /L#61unch /F (cmd) >> >>'))).toBe('/Launch');
    expect(findPdfActiveContent(Buffer.from('<< /AA << /O 5 0 R >> /JS 6 0 R >>'))).toBe('/JS');
    expect(
      findPdfActiveContent(Buffer.from('<< /OpenAction [3 0 R /Fit] /JSX 1 /JavaScripts 2 >>')),
    ).toBeUndefined();
  });

  it('short names inside stream data are data; long ones are looked for everywhere', () => {
    const stream = (data: string) =>
      Buffer.from(`4 0 obj\n<< /Length ${data.length} >>\nstream\n${data}\nendstream\nendobj\n`, 'latin1');
    expect(findPdfActiveContent(stream('x/JS y/XFA z'))).toBeUndefined();
    expect(findPdfActiveContent(stream('6 0 obj << /S /JavaScript >> endobj'))).toBe('/JavaScript');
    expect(
      findPdfActiveContent(Buffer.concat([stream(randomBytes(64 * 1024).toString('latin1')), samplePdf()])),
    ).toBeUndefined();
  });

  it('looks inside Flate object streams; refuses what it cannot decompress', () => {
    expect(findPdfActiveContent(objStm(deflateSync('10 0 << /S /JavaScript /JS (x) >>')))).toBe(
      '/JavaScript',
    );
    expect(findPdfActiveContent(objStm(deflateSync('10 0 << /JS 11 0 R >>')))).toBe('/JS');
    expect(findPdfActiveContent(objStm(deflateSync('10 0 << /Producer (scanner) >>')))).toBeUndefined();
    const codeOfPdf = (pdf: Buffer) => (codeOf(() => findPdfActiveContent(pdf)) as unknown[])[1];
    expect(codeOfPdf(objStm(Buffer.from('not deflate')))).toBe('UPLOAD_PDF_UNREADABLE');
    expect(codeOfPdf(objStm(Buffer.from('abc'), '/Filter /LZWDecode'))).toBe('UPLOAD_PDF_UNREADABLE');
    expect(codeOfPdf(objStm(deflateSync('x'), '/Filter /FlateDecode /DecodeParms << /Predictor 12 >>'))).toBe(
      'UPLOAD_PDF_UNREADABLE',
    );
    expect(codeOfPdf(objStm(deflateSync(Buffer.alloc(65 * 1024 * 1024))))).toBe('UPLOAD_PDF_UNREADABLE');
  });

  it('finds UTF-16 markup (either byte order)', () => {
    const le = Buffer.from('<svg onload=alert(1)>', 'utf16le');
    expect(findHtmlMarkup(le)).toBe('<svg ');
    expect(findHtmlMarkup(Buffer.from(le).swap16())).toBe('<svg ');
  });

  it('the inspector refuses active content at the end of the stream', async () => {
    const pdf = Buffer.concat([
      samplePdf('x', 50_000),
      Buffer.from('6 0 obj << /Type /EmbeddedFile >> endobj\n'),
    ]);
    for (const chunk of [7, 4096])
      expect(await inspect('application/pdf', pdf, chunk)).toBe('UPLOAD_PDF_ACTIVE_CONTENT');
  });
});

describe('ZIP containers', () => {
  const zeros = Buffer.alloc(8 * 1024 * 1024);
  const zipOf = (z: Buffer, limits?: ContentLimits): unknown =>
    codeOf(() => inspectZipTail(z, z.length, limits));

  it('summarises an ordinary archive (stored and deflated entries, Chinese names)', () => {
    const z = sampleZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      {
        name: 'word/document.xml',
        data: Buffer.from('<w:document>申请书</w:document>'.repeat(100)),
        deflate: true,
      },
      { name: '附件/说明.txt', data: Buffer.from('说明') },
    ]);
    expect(inspectZipTail(z, z.length)).toMatchObject({ entries: 3, uncompressedBytes: expect.any(Number) });
    // Only the end of the file is needed.
    expect(inspectZipTail(z.subarray(z.length - 400), z.length).entries).toBe(3);
  });

  it('refuses a bomb: a high-ratio entry, too much data in all, too many entries, overlapping entries', () => {
    expect(zipOf(sampleZip([{ name: 'zeros.bin', data: zeros, deflate: true }]))).toEqual([
      422,
      'UPLOAD_ARCHIVE_BOMB',
      'file',
    ]);
    // Modest ratio each, but too much in all.
    const chunk = Buffer.from(Array.from({ length: 1024 * 1024 }, (_, i) => (i * 7919) % 251));
    const many = sampleZip(Array.from({ length: 5 }, (_, i) => ({ name: `part${i}.bin`, data: chunk })));
    expect(zipOf(many)).toBe('no error');
    expect(zipOf(many, { maxArchiveUncompressedBytes: 4 * 1024 * 1024 })).toEqual([
      422,
      'UPLOAD_ARCHIVE_BOMB',
      'file',
    ]);
    // A directory that claims more than the bytes hold.
    expect(
      zipOf(sampleZip([{ name: 'liar.txt', data: Buffer.from('hi'), declaredUncompressedSize: 0x7fffffff }])),
    ).toEqual([422, 'UPLOAD_ARCHIVE_BOMB', 'file']);
    const small = Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from('x') }));
    expect(zipOf(sampleZip(small), { maxArchiveEntries: 20 })).toEqual([422, 'UPLOAD_ARCHIVE_BOMB', 'file']);
    // Many directory entries pointing at the same compressed bytes (a non-recursive bomb).
    const overlapping = sampleZip([
      { name: 'a.txt', data: Buffer.from('x'.repeat(1000)), deflate: true },
      ...Array.from({ length: 50 }, (_, i) => ({ name: `o${i}.txt`, sameDataAs: 0 })),
    ]);
    expect(zipOf(overlapping)).toEqual([422, 'UPLOAD_ARCHIVE_BOMB', 'file']);
  });

  it('refuses symbolic links and entries that leave the folder', () => {
    expect(
      zipOf(
        sampleZip([
          { name: 'ok.txt', data: Buffer.from('x') },
          { name: 'passwd', data: Buffer.from('/etc/passwd'), symlink: true },
        ]),
      ),
    ).toEqual([422, 'UPLOAD_ARCHIVE_LINK', 'file']);
    for (const name of [
      '../../etc/cron.d/x',
      '/etc/passwd',
      'a/../../b',
      '..\\evil.dll',
      'C:/Windows/x',
      'a\u0000.txt',
    ]) {
      expect([name, zipOf(sampleZip([{ name, data: Buffer.from('x') }]))]).toEqual([
        name,
        [422, 'UPLOAD_ARCHIVE_UNSAFE_PATH', 'file'],
      ]);
    }
    expect(zipOf(sampleZip([{ name: 'a..b/c..txt', data: Buffer.from('x') }]))).toBe('no error');
  });

  it('refuses what it cannot parse: no end record, a truncated directory', () => {
    expect(zipOf(Buffer.from('PK\u0003\u0004 not really a zip'))).toEqual([
      422,
      'UPLOAD_ARCHIVE_UNREADABLE',
      'file',
    ]);
    const z = sampleZip([{ name: 'a.txt', data: Buffer.from('x') }]);
    z.writeUInt16LE(5, z.length - 22 + 10); // claims 5 entries, has 1
    expect(zipOf(z)).toEqual([422, 'UPLOAD_ARCHIVE_UNREADABLE', 'file']);
  });

  it('the inspector checks the archive at its end, streamed in small chunks', async () => {
    const good = sampleZip([{ name: 'a.txt', data: Buffer.from('hello') }]);
    expect(await inspect('application/zip', good, 5)).toBe('ok');
    expect(
      await inspect(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        sampleZip([{ name: 'word/x', data: zeros, deflate: true }]),
        4096,
      ),
    ).toBe('UPLOAD_ARCHIVE_BOMB');
    expect(
      await inspect('application/zip', sampleZip([{ name: 'l', data: Buffer.from('/'), symlink: true }]), 3),
    ).toBe('UPLOAD_ARCHIVE_LINK');
  });
});

describe('assertPlainFileName', () => {
  it('accepts plain names, Chinese included; refuses paths, dots, controls, bidi and zero-width characters, long names', () => {
    for (const ok of ['营业执照.pdf', 'scan 1.PDF', 'a..b.pdf', '.hidden.pdf'.slice(1)])
      expect([ok, codeOf(() => assertPlainFileName(ok))]).toEqual([ok, 'no error']);
    for (const bad of [
      '../../etc/passwd.pdf',
      '..\\x.pdf',
      'dir/x.pdf',
      'a\u0000.pdf',
      'invoice\u202efdp.exe',
      'a\u200b.pdf',
      '..',
      '  ',
      'x'.repeat(201) + '.pdf',
      'a\r\n.pdf',
    ]) {
      expect([bad, codeOf(() => assertPlainFileName(bad))]).toEqual([bad, [400, 'UPLOAD_BAD_NAME', 'file']]);
    }
  });
});
