import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import PDFDocument from 'pdfkit';
import {
  CJK_FONT_DEBIAN_PACKAGE,
  CJK_FONT_NPM_PACKAGE,
  loadCjkFont,
  packagedCjkFont,
  parsedCjkFace,
  readPostscriptNames,
  resolveCjkFont,
} from './cjk-font.js';
import { inspectPdf } from './pdf-text.js';

/** A minimal sfnt with only a `name` table holding PostScript name `ps` (Windows platform, UTF-16BE). */
function sfnt(ps: string, macRoman = false): Buffer {
  const str = macRoman ? Buffer.from(ps, 'latin1') : Buffer.from(ps, 'utf16le').swap16();
  const name = Buffer.alloc(6 + 12);
  name.writeUInt16BE(0, 0); // format
  name.writeUInt16BE(1, 2); // count
  name.writeUInt16BE(18, 4); // string storage offset
  name.writeUInt16BE(macRoman ? 1 : 3, 6); // platform
  name.writeUInt16BE(macRoman ? 0 : 1, 8); // encoding
  name.writeUInt16BE(macRoman ? 0 : 0x409, 10); // language
  name.writeUInt16BE(6, 12); // name ID 6: PostScript name
  name.writeUInt16BE(str.length, 14);
  name.writeUInt16BE(0, 16);
  const head = Buffer.alloc(12 + 16);
  head.writeUInt32BE(0x00010000, 0);
  head.writeUInt16BE(1, 4);
  head.write('name', 12, 'latin1');
  head.writeUInt32BE(28, 20); // table offset
  head.writeUInt32BE(name.length + str.length, 24);
  return Buffer.concat([head, name, str]);
}

/** A TrueType collection of faces, offsets fixed up. */
function ttc(faces: Buffer[]): Buffer {
  const header = Buffer.alloc(12 + 4 * faces.length);
  header.write('ttcf', 0, 'latin1');
  header.writeUInt32BE(0x00010000, 4);
  header.writeUInt32BE(faces.length, 8);
  let offset = header.length;
  const parts: Buffer[] = [header];
  faces.forEach((face, i) => {
    const copy = Buffer.from(face);
    copy.writeUInt32BE(copy.readUInt32BE(20) + offset, 20); // table offsets are from the file start
    header.writeUInt32BE(offset, 12 + 4 * i);
    parts.push(copy);
    offset += copy.length;
  });
  return Buffer.concat(parts);
}

const dir = mkdtempSync(path.join(tmpdir(), 'guide-font-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readPostscriptNames', () => {
  it('reads a single font and every face of a collection', () => {
    expect(readPostscriptNames(sfnt('NotoSansCJKsc-Regular'))).toEqual(['NotoSansCJKsc-Regular']);
    expect(readPostscriptNames(sfnt('MacName', true))).toEqual(['MacName']);
    expect(readPostscriptNames(ttc([sfnt('FaceOne'), sfnt('FaceTwo')]))).toEqual(['FaceOne', 'FaceTwo']);
  });

  it('rejects what is not a font', () => {
    expect(() => readPostscriptNames(Buffer.from('%PDF-1.7 not a font'))).toThrow(RangeError);
  });
});

describe('resolveCjkFont / loadCjkFont', () => {
  it('falls back to the packaged font on a machine without system fonts', () => {
    const packaged = packagedCjkFont();
    expect(packaged?.path).toContain(`${CJK_FONT_NPM_PACKAGE}/400Regular/`);
    expect(resolveCjkFont({ env: {}, candidates: [{ path: path.join(dir, 'none.ttc') }] })).toEqual(packaged);
    const font = loadCjkFont({ env: {}, candidates: [] });
    expect(font).toMatchObject({ path: packaged?.path, postscriptName: 'NotoSansSC-Regular' });
    expect(readPostscriptNames(font.data)).toEqual(['NotoSansSC-Regular']);
  });

  it('embeds the packaged font with extractable Chinese text', async () => {
    const font = loadCjkFont({ env: {}, candidates: [] });
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.registerFont('cjk', font.data, font.family);
    doc.font('cjk').fontSize(12).text('受理通知书：食品经营许可（统一社会信用代码 91330106MA27U8Q168）');
    doc.end();
    const pdf = inspectPdf(await done);
    expect(pdf.raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(pdf.raw).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(pdf.pages.join('')).toContain('受理通知书：食品经营许可（统一社会信用代码 91330106MA27U8Q168）');
  });

  it('prefers a system font to the packaged one', () => {
    const file = path.join(dir, 'system.ttf');
    writeFileSync(file, sfnt('SystemFace'));
    expect(resolveCjkFont({ env: {}, candidates: [{ path: file }] })).toEqual({ path: file });
  });

  it('names the npm and Debian packages when neither font is there (an incomplete install)', () => {
    let error: unknown;
    try {
      resolveCjkFont({ env: {}, candidates: [{ path: path.join(dir, 'none.ttc') }], packaged: null });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'CJK_FONT_MISSING', status: 500 });
    expect((error as Error).message).toContain(`${CJK_FONT_NPM_PACKAGE} is not installed (run npm ci)`);
    expect((error as Error).message).toContain(`apt-get install -y ${CJK_FONT_DEBIAN_PACKAGE}`);
    expect((error as Error).message).toContain('HALL_CJK_FONT');
  });

  it('takes HALL_CJK_FONT first and reports a wrong path', () => {
    const file = path.join(dir, 'two.ttc');
    writeFileSync(file, ttc([sfnt('FaceOne'), sfnt('FaceTwo')]));
    expect(resolveCjkFont({ env: { HALL_CJK_FONT: file }, candidates: [] })).toEqual({ path: file });
    const system = path.join(dir, 'system-too.ttf');
    writeFileSync(system, sfnt('SystemFace'));
    expect(resolveCjkFont({ env: { HALL_CJK_FONT: file }, candidates: [{ path: system }] })).toEqual({
      path: file,
    }); // before system fonts
    expect(() => resolveCjkFont({ env: { HALL_CJK_FONT: path.join(dir, 'missing.ttf') } })).toThrow(
      /HALL_CJK_FONT=.*missing\.ttf: no such font file/,
    );

    expect(loadCjkFont({ env: { HALL_CJK_FONT: file } }).postscriptName).toBe('FaceOne');
    expect(loadCjkFont({ env: { HALL_CJK_FONT: `${file}#FaceTwo` } }).postscriptName).toBe('FaceTwo');
    expect(() => loadCjkFont({ env: { HALL_CJK_FONT: `${file}#FaceThree` } })).toThrow(
      /no face FaceThree \(faces: FaceOne, FaceTwo\)/,
    );
  });

  it('uses the first known path that exists', () => {
    const file = path.join(dir, 'one.ttf');
    writeFileSync(file, sfnt('OnlyFace'));
    const found = loadCjkFont({
      env: {},
      candidates: [{ path: path.join(dir, 'nope.ttc') }, { path: file }],
    });
    expect(found).toMatchObject({ path: file, postscriptName: 'OnlyFace' });
    expect(found.data.length).toBeGreaterThan(0);
  });

  it('rejects a file that is not a font', () => {
    const file = path.join(dir, 'fake.ttf');
    writeFileSync(file, 'not a font at all');
    expect(() => loadCjkFont({ env: { HALL_CJK_FONT: file } })).toThrow(/is not a usable font/);
  });

  it('resolves the default font once per value of HALL_CJK_FONT', () => {
    const saved = process.env.HALL_CJK_FONT;
    try {
      delete process.env.HALL_CJK_FONT;
      const face = parsedCjkFace();
      expect(parsedCjkFace()).toBe(face);
      // Another value is looked up again (a wrong path is reported, not served from the first lookup).
      process.env.HALL_CJK_FONT = path.join(dir, 'missing.ttf');
      expect(() => parsedCjkFace()).toThrow(/no such font file/);
      delete process.env.HALL_CJK_FONT;
      expect(parsedCjkFace()).toBe(face);
    } finally {
      if (saved === undefined) delete process.env.HALL_CJK_FONT;
      else process.env.HALL_CJK_FONT = saved;
    }
  });
});
