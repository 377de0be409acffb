import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import PDFDocument from 'pdfkit';
import { hasCjkFont, loadCjkFont, parsedCjkFace } from './cjk-font.js';
import { inspectPdf } from './pdf-text.js';
import { CJK_FONT_NAME, PDF_DEFLATE_LEVEL, renderPdf } from './render-pdf.js';

const required = process.env.CI === 'true' || process.env.REQUIRE_CJK_FONT === '1';
const describePdf = hasCjkFont() || required ? describe : describe.skip;

const at = new Date('2026-10-09T02:00:00Z');
const document: PDFKit.PDFDocumentOptions = {
  size: 'A4',
  info: { Title: '受理通知书', CreationDate: at, ModDate: at },
};

describePdf('renderPdf', () => {
  it('writes Chinese text in the embedded CJK face, zh-CN, with the title displayed', async () => {
    const pdf = await renderPdf({ document }, (doc) => {
      doc.font(CJK_FONT_NAME).fontSize(14).text('杭州市西湖区市场监督管理局');
    });
    const inspected = inspectPdf(pdf);
    expect(inspected.pages.join('')).toContain('杭州市西湖区市场监督管理局');
    expect(inspected.raw).toMatch(/\/FontFile[23] \d+ 0 R/);
    expect(inspected.raw).toContain('/Lang (zh-CN)');
    expect(inspected.raw).toContain('/DisplayDocTitle true');
    expect(inspected.raw).not.toContain('/Helvetica');
  });

  it('is deterministic for the same input and dates', async () => {
    const draw = (doc: PDFKit.PDFDocument): void => void doc.text('一次性告知书');
    const a = await renderPdf({ document }, draw);
    const b = await renderPdf({ document }, draw);
    expect(a.equals(b)).toBe(true);
  });

  it('deflates every stream at PDF_DEFLATE_LEVEL, with the content of an uncompressed render', async () => {
    const draw = (doc: PDFKit.PDFDocument): void => {
      doc
        .fontSize(12)
        .text('食品经营许可证 持证主体 杭州西湖示范科技有限公司 经营场所 杭州市西湖区文三路100号');
      for (let i = 0; i < 40; i++) doc.rect(10 + i, 20 + i, 5, 5).fill('#000000');
    };
    const streams = (pdf: Buffer): Buffer[] =>
      [...pdf.toString('latin1').matchAll(/\/Length (\d+)[^]*?stream\n/g)].map((m) =>
        pdf.subarray((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + Number(m[1])),
      );
    const deflated = streams(await renderPdf({ document }, draw));
    const plain = streams(await renderPdf({ document: { ...document, compress: false } }, draw));
    // The page content, the font subset and its ToUnicode map.
    expect(deflated.length).toBeGreaterThanOrEqual(3);
    expect(deflated.map((s) => inflateSync(s))).toEqual(plain);
    for (const [i, s] of deflated.entries()) {
      expect(s.equals(deflateSync(plain[i] ?? Buffer.alloc(0), { level: PDF_DEFLATE_LEVEL }))).toBe(true);
    }
    // Not PDFKit's default level (6), which packs the page content and the font subset tighter.
    const level6 = plain.map((s) => deflateSync(s).length).reduce((a, b) => a + b, 0);
    expect(deflated.map((s) => s.length).reduce((a, b) => a + b, 0)).toBeGreaterThan(level6);
  });

  it('shapes a word once per process, not once per document, with the same bytes as without sharing', async () => {
    const face = parsedCjkFace() as unknown as { layout: (...a: unknown[]) => unknown };
    const shaped: string[] = [];
    const layout = face.layout;
    face.layout = function (this: unknown, ...args: unknown[]) {
      shaped.push(String(args[0]));
      return layout.apply(this, args);
    };
    try {
      const draw =
        (holder: string) =>
        (doc: PDFKit.PDFDocument): void =>
          void doc.fontSize(12).text(`食品经营许可证 持证主体 ${holder} 发证机关 杭州市西湖区市场监督管理局`);
      await renderPdf({ document }, draw('杭州甲餐饮有限公司'));
      shaped.length = 0;
      const shared = await renderPdf({ document }, draw('杭州乙餐饮有限公司'));
      // Only what holds the character not seen before is shaped again (the line breaker also measures it alone).
      expect(shaped.length).toBeGreaterThan(0);
      expect(shaped.filter((t) => !t.includes('乙'))).toEqual([]);
      const unshared = await renderPdf(
        { document: { ...document, fontLayoutCache: false } },
        draw('杭州乙餐饮有限公司'),
      );
      expect(shared.equals(unshared)).toBe(true);
    } finally {
      face.layout = layout;
    }
  });

  it('copies glyphs into each subset from the face once read, with the bytes of a face parsed for the document', async () => {
    const draw = (doc: PDFKit.PDFDocument): void =>
      void doc.fontSize(12).text('食品经营许可证 持证主体 杭州西湖示范科技有限公司 No. 1.2.156 (2026)');
    // Uncompressed on both sides: the glyph bytes are compared as written (the deflate level is the next test's).
    const plain = { ...document, compress: false };
    await renderPdf({ document: plain }, draw);
    const face = parsedCjkFace() as unknown as { getGlyph: (...a: unknown[]) => unknown };
    const getGlyph = face.getGlyph;
    let read = 0;
    let shared: Buffer;
    try {
      shared = await renderPdf({ document: plain }, (doc) => {
        // From the drawing on (PDFKit itself looks up glyph 0 when the font is selected).
        face.getGlyph = function (this: unknown, ...args: unknown[]) {
          read++;
          return getGlyph.apply(this, args);
        };
        draw(doc);
      });
    } finally {
      face.getGlyph = getGlyph;
    }
    // Words already shaped and glyphs already read: the subset reads no glyph of the face again.
    expect(read).toBe(0);
    // The same document with the font registered from its bytes: fontkit parses and subsets it on its own.
    const font = loadCjkFont();
    const own = new PDFDocument({
      lang: 'zh-CN',
      displayTitle: true,
      font: null as unknown as string,
      ...plain,
    });
    const chunks: Buffer[] = [];
    own.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => own.on('end', resolve));
    own.registerFont(CJK_FONT_NAME, font.data, font.family);
    own.font(CJK_FONT_NAME);
    draw(own);
    own.end();
    await ended;
    expect(shared.equals(Buffer.concat(chunks))).toBe(true);
  });

  it('shapes CJK strings as their characters one by one in the packaged face (every ideograph, punctuation)', () => {
    interface Run {
      glyphs: Array<{ id: number }>;
      positions: Array<{ xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }>;
    }
    const face = parsedCjkFace({ env: {}, candidates: [] }) as unknown as {
      layout(text: string): Run;
      hasGlyphForCodePoint(cp: number): boolean;
    };
    const chars: string[] = [];
    for (const [from, to] of [
      [0x4e00, 0x9fff],
      [0x3400, 0x4dbf],
      [0x3000, 0x303f],
      [0xff01, 0xff60],
    ] as const) {
      for (let cp = from; cp <= to; cp++)
        if (face.hasGlyphForCodePoint(cp)) chars.push(String.fromCodePoint(cp));
    }
    expect(chars.length).toBeGreaterThan(20_000);
    const shaped = (run: Run) =>
      JSON.stringify([
        run.glyphs.map((g) => g.id),
        run.positions.map((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset]),
      ]);
    const alone = new Map(chars.map((c) => [c, face.layout(c)]));
    let compared = 0;
    // Every character, in strings of 16 whose neighbours vary (punctuation and fullwidth forms among ideographs).
    for (let start = 0; start < chars.length; start += 16) {
      const text = Array.from({ length: 16 }, (_, i) => chars[(start + i * 1297) % chars.length]).join('');
      const parts = [...text].map((c) => alone.get(c) as Run);
      const joined = { glyphs: parts.flatMap((r) => r.glyphs), positions: parts.flatMap((r) => r.positions) };
      expect(shaped(face.layout(text))).toBe(shaped(joined));
      compared++;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('awaits an async draw', async () => {
    const pdf = await renderPdf({ document }, async (doc) => {
      await new Promise((r) => setTimeout(r, 5));
      doc.text('续页');
      doc.addPage().text('第二页');
    });
    expect(inspectPdf(pdf).pages).toHaveLength(2);
  });

  it('closes the document and rethrows when draw fails', async () => {
    await expect(
      renderPdf({ document }, () => {
        throw new Error('layout failed');
      }),
    ).rejects.toThrow('layout failed');
  });
});
