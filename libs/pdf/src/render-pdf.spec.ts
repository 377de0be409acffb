import { describe, expect, it } from '@jest/globals';
import { hasCjkFont } from './cjk-font.js';
import { inspectPdf } from './pdf-text.js';
import { CJK_FONT_NAME, renderPdf } from './render-pdf.js';

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
