import { renderPdf } from '@hall/pdf';

/** What a written notice says; kept with the notice row (`content`) and rendered to a fixed-layout PDF. */
export interface NoticeDocument {
  /** 受理通知书 / 不予受理决定书 / 补正材料一次性告知书 */
  title: string;
  /** Document number (文号). */
  number: string;
  /** Addressee line, e.g. "张三：" */
  addressee: string;
  paragraphs: string[];
  /** Numbered list (materials to supplement, rights …). */
  items?: string[];
  /** Issuing body and date, bottom right. */
  issuer: string;
  issuedAt: string;
  /** Small print at the bottom (application number, enquiry info). */
  footer: string;
}

/** Renders a notice as an A4 PDF with the CJK font embedded; deterministic for a document and font. */
export async function renderNoticePdf(notice: NoticeDocument): Promise<Buffer> {
  const issued = new Date(notice.issuedAt);
  const document: PDFKit.PDFDocumentOptions = {
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 72, right: 72 },
    info: {
      Title: notice.title,
      Subject: notice.number,
      Author: notice.issuer,
      Creator: '一网通办 受理',
      CreationDate: issued,
      ModDate: issued,
    },
  };
  return renderPdf({ document }, (doc) => {
    const width = doc.page.width - 144;
    doc.fontSize(20).text(notice.title, { width, align: 'center' });
    doc.moveDown(0.5);
    doc.fontSize(10.5).text(notice.number, { width, align: 'center' });
    doc.moveDown(1.2);
    doc.fontSize(12).text(notice.addressee, { width });
    doc.moveDown(0.4);
    for (const p of notice.paragraphs) {
      doc.text(`\u3000\u3000${p}`, { width, lineGap: 4 });
      doc.moveDown(0.3);
    }
    (notice.items ?? []).forEach((item, i) => {
      doc.text(`${i + 1}. ${item}`, { width, lineGap: 4, indent: 24 });
      doc.moveDown(0.2);
    });
    doc.moveDown(2);
    doc.text(notice.issuer, { width, align: 'right' });
    doc.text(chineseDate(issued), { width, align: 'right' });
    doc.moveDown(2);
    doc.fontSize(9).fillColor('#5b6270').text(notice.footer, { width });
  });
}

/** 2025年10月9日 in China time. */
export function chineseDate(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
