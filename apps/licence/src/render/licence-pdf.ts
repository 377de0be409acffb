import { chinaDate, chinaDateLabel } from '../dates/china-date.js';
import { CJK_FONT_NAME, drawQrCode, renderPdf } from '@hall/pdf';
import type { CmsSigner } from '../signing/cms.js';
import { addSignaturePlaceholder, fillSignature } from './pdf-signature.js';
import { drawSeal } from './seal.js';

/** What is printed on a licence. */
export interface PrintableLicence {
  identifier: string;
  name: string;
  holderKind: string;
  holderName: string;
  holderIdType: string;
  holderIdNumber: string;
  issuerName: string;
  issuerUscc: string;
  jurisdiction: string;
  issuedAt: Date;
  validFrom: Date;
  validUntil: Date | null;
  fields: ReadonlyArray<{ label: string; value: string }>;
  keyId: string;
}

export interface RenderOptions {
  /** Text of the QR code: the verification URL carrying the signed payload. */
  qrText: string;
  /** Shared copies: printed on every page (e.g. 仅供办理政务服务事项时使用，有效期至…). */
  watermark?: string;
  /** The type's official template prints the full 公民身份号码 (default: masked). */
  printFullHolderId?: boolean;
  /** The embedded PDF signature (PAdES-style, SM2) with the licence's key; without it the PDF is unsigned. */
  signature?: { signer: CmsSigner; signingTime: Date };
}

const PAGE = { width: 595.28, height: 841.89 } as const;
const FRAME = 28;
const CONTENT = { left: 70, right: PAGE.width - 70 } as const;
const TABLE_BOTTOM = 600;
const FONT = CJK_FONT_NAME;
const COLOR = { text: '#1f2328', muted: '#5b6270', frame: '#a4282b', rule: '#8a8f98', label: '#f6f1e7' };
const LABEL_WIDTH = 130;

export function validityLabel(l: { validFrom: Date; validUntil: Date | null }): string {
  const from = chinaDateLabel(chinaDate(l.validFrom));
  return l.validUntil ? `${from}至${chinaDateLabel(chinaDate(l.validUntil))}` : `${from}起长期有效`;
}

function holderCodeLabel(idType: string): string {
  return idType === 'USCC' ? '统一社会信用代码' : '公民身份号码';
}

/**
 * The holder code as printed: a 统一社会信用代码 is public (企业信用信息公示) and printed in full; a 公民身份号码 is
 * personal information (个人信息保护法 art. 28: sensitive) and printed masked — first 6 (region) and last 4 — unless
 * the licence type's template requires the full number (`printFullHolderId`).
 */
export function printedHolderCode(
  l: Pick<PrintableLicence, 'holderIdType' | 'holderIdNumber'>,
  full = false,
): string {
  if (l.holderIdType === 'USCC' || full) return l.holderIdNumber;
  const id = l.holderIdNumber;
  if (id.length <= 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/**
 * Whether PDFKit's line wrapper would lay `text` out as one line of `width` at (·, `y`): no white space or line break
 * to act on, narrower than the width by a whole em (the wrapper measures the text in pieces — each CJK character,
 * each Latin run — whose widths may sum to a little more than the whole string's), and not past the page's foot.
 */
function fitsOneLine(doc: PDFKit.PDFDocument, text: string, width: number, y: number): boolean {
  return (
    text.length > 0 &&
    !/\s/.test(text) &&
    doc.widthOfString(text) <= width - (doc as unknown as { _fontSize: number })._fontSize &&
    y + doc.currentLineHeight(true) <= doc.page.maxY()
  );
}

/**
 * `doc.text(text, x, y, { width })`, left-aligned: a text that fits on one line is drawn without the line wrapper
 * (which breaks CJK text at every character and measures each piece: most of a licence's text layout), with the same
 * bytes, and leaves the position where the wrapper would.
 */
export function leftText(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number): void {
  if (!fitsOneLine(doc, text, width, y)) {
    doc.text(text, x, y, { width });
    return;
  }
  doc.text(text, x, y, { lineBreak: false });
  doc.x = x;
  doc.y = y + lineAdvance(doc);
}

/** `doc.heightOfString(text, { width })`: one line's height when the text fits on one line (see `fitsOneLine`). */
export function heightOf(doc: PDFKit.PDFDocument, text: string, width: number): number {
  if (!fitsOneLine(doc, text, width, doc.y)) return doc.heightOfString(text, { width });
  // As PDFKit sums it (the line moves y down from where it is), to the last bit.
  const y = doc.y;
  return y + lineAdvance(doc) - y;
}

/** How far PDFKit moves y down after a wrapped line (its height and the document's line gap). */
function lineAdvance(doc: PDFKit.PDFDocument): number {
  return doc.currentLineHeight(true) + ((doc as unknown as { _lineGap?: number })._lineGap || 0);
}

/** Type sizes tried in turn so the table fits on the first page; only the smallest one continues on a further page. */
const TABLE_STYLES = [
  { fontSize: 11, pad: 8, minRow: 26 },
  { fontSize: 10, pad: 6, minRow: 22 },
  { fontSize: 9, pad: 4, minRow: 18 },
] as const;

function pageFrame(doc: PDFKit.PDFDocument, watermark: string | undefined): void {
  doc.save();
  doc
    .lineWidth(2.2)
    .strokeColor(COLOR.frame)
    .rect(FRAME, FRAME, PAGE.width - 2 * FRAME, PAGE.height - 2 * FRAME)
    .stroke();
  doc
    .lineWidth(0.6)
    .rect(FRAME + 5, FRAME + 5, PAGE.width - 2 * FRAME - 10, PAGE.height - 2 * FRAME - 10)
    .stroke();
  doc.restore();
  if (!watermark) return;
  doc.save();
  doc.font(FONT).fontSize(16).fillColor('#c62828').opacity(0.13);
  for (let row = -2; row < 9; row++) {
    for (let col = -1; col < 3; col++) {
      doc.save();
      doc.translate(col * 260 + (row % 2) * 130, row * 110 + 60).rotate(-30);
      doc.text(watermark, 0, 0, { lineBreak: false });
      doc.restore();
    }
  }
  doc.restore();
  doc.save();
  doc.font(FONT).fontSize(9).fillColor('#c62828');
  const w = doc.widthOfString(watermark);
  doc.text(watermark, (PAGE.width - w) / 2, FRAME + 12, { lineBreak: false });
  doc.text(watermark, (PAGE.width - w) / 2, PAGE.height - FRAME - 22, { lineBreak: false });
  doc.restore();
}

/**
 * The licence as a fixed-layout A4 PDF: frame, title, identifier, a table of holder, data fields and validity,
 * issuer and issue date under the issuer's seal, and the verification QR code. Rows that do not fit continue
 * on a further page (every page framed and, for shared copies, watermarked). Deterministic for the same input
 * when unsigned (an SM2 signature carries a random nonce).
 */
export async function renderLicencePdf(l: PrintableLicence, opts: RenderOptions): Promise<Buffer> {
  const { signature, ...layout } = opts;
  const pdf = await renderLicenceDocument({
    licence: l,
    ...layout,
    ...(signature && { signingTime: signature.signingTime }),
  });
  return signature ? fillSignature(pdf, signature.signer, signature.signingTime) : pdf;
}

/** What {@link renderLicenceDocument} takes: plain data, so a worker thread can render it (`LICENCE_RENDERER`). */
export interface LicenceDocumentInput extends Omit<RenderOptions, 'signature'> {
  licence: PrintableLicence;
  /** With a signing time, the signature field is added with placeholders for `fillSignature`. */
  signingTime?: Date;
}

/**
 * The layout of {@link renderLicencePdf} without the signing step: the PDF with the signature placeholders (when
 * `signingTime` is given), for `fillSignature` in the process that holds the key. Runs in the PDF worker threads.
 */
export async function renderLicenceDocument(input: LicenceDocumentInput): Promise<Buffer> {
  const { licence: l, signingTime, ...opts } = input;
  const document: PDFKit.PDFDocumentOptions = {
    size: 'A4',
    margin: 0,
    autoFirstPage: true,
    info: {
      Title: `${l.name}（${l.identifier}）`,
      Author: l.issuerName,
      Subject: `${l.name} 电子证照`,
      Keywords: `电子证照 ${l.identifier}`,
      Creator: '一网通办 电子证照',
      CreationDate: l.issuedAt,
      ModDate: l.issuedAt,
    },
  };
  return renderPdf({ document }, (doc) => {
    pageFrame(doc, opts.watermark);

    // Title and identifier.
    doc.fillColor(COLOR.text).fontSize(30);
    const title = [...l.name].join(' ');
    doc.text(title, CONTENT.left, 78, { width: CONTENT.right - CONTENT.left, align: 'center' });
    doc
      .fontSize(11)
      .fillColor(COLOR.muted)
      .text('（电子证照）', CONTENT.left, 124, { width: CONTENT.right - CONTENT.left, align: 'center' });
    doc.fontSize(9).text(`证照编号：${l.identifier}`, CONTENT.left, 150, {
      width: CONTENT.right - CONTENT.left,
      align: 'center',
    });

    const rows: Array<{ label: string; value: string }> = [
      { label: l.holderKind === 'business' ? '持证主体名称' : '持证人姓名', value: l.holderName },
      { label: holderCodeLabel(l.holderIdType), value: printedHolderCode(l, opts.printFullHolderId) },
      ...l.fields.map((f) => ({ label: f.label, value: f.value || '—' })),
      { label: '有效期限', value: validityLabel(l) },
    ];
    const TABLE_TOP = 178;
    // The largest type size at which every row fits on the first page; else the smallest, continued on more pages.
    const rowHeights = (style: (typeof TABLE_STYLES)[number]) => {
      doc.fontSize(style.fontSize);
      const valueWidth = CONTENT.right - CONTENT.left - LABEL_WIDTH - 2 * style.pad;
      return rows.map((row) =>
        Math.max(
          style.minRow,
          heightOf(doc, row.value, valueWidth) + 2 * style.pad,
          heightOf(doc, row.label, LABEL_WIDTH - 2 * style.pad) + 2 * style.pad,
        ),
      );
    };
    // The heights of the style chosen are those measured to choose it (each measure wraps every row's text once).
    let style: (typeof TABLE_STYLES)[number] = TABLE_STYLES[0];
    let heights: number[] = [];
    for (const candidate of TABLE_STYLES) {
      style = candidate;
      heights = rowHeights(candidate);
      if (TABLE_TOP + heights.reduce((a, b) => a + b, 0) <= TABLE_BOTTOM) break;
    }
    const valueWidth = CONTENT.right - CONTENT.left - LABEL_WIDTH - 2 * style.pad;
    let y = TABLE_TOP;
    for (const [i, row] of rows.entries()) {
      const h = heights[i] ?? style.minRow;
      if (y + h > TABLE_BOTTOM) {
        doc.addPage({ size: 'A4', margin: 0 });
        pageFrame(doc, opts.watermark);
        doc
          .font(FONT)
          .fontSize(9)
          .fillColor(COLOR.muted)
          .text(`证照编号：${l.identifier}（续页）`, CONTENT.left, 60, { lineBreak: false });
        y = 84;
      }
      doc.fontSize(style.fontSize);
      doc.save().rect(CONTENT.left, y, LABEL_WIDTH, h).fill(COLOR.label).restore();
      doc
        .lineWidth(0.5)
        .strokeColor(COLOR.rule)
        .rect(CONTENT.left, y, CONTENT.right - CONTENT.left, h)
        .stroke();
      doc
        .moveTo(CONTENT.left + LABEL_WIDTH, y)
        .lineTo(CONTENT.left + LABEL_WIDTH, y + h)
        .stroke();
      leftText(
        doc.fillColor(COLOR.muted),
        row.label,
        CONTENT.left + style.pad,
        y + style.pad,
        LABEL_WIDTH - 2 * style.pad,
      );
      leftText(
        doc.fillColor(COLOR.text),
        row.value,
        CONTENT.left + LABEL_WIDTH + style.pad,
        y + style.pad,
        valueWidth,
      );
      y += h;
    }

    // Issuer block with the seal, and the QR code, at the foot of the last page.
    const issuedLabel = chinaDateLabel(chinaDate(l.issuedAt));
    doc.fontSize(12).fillColor(COLOR.text);
    leftText(doc, `发证机关：${l.issuerName}`, 300, 660, 230);
    leftText(doc, `发证日期：${issuedLabel}`, 300, 700, 230);
    drawSeal(doc, {
      cx: 440,
      cy: 688,
      radius: 52,
      issuer: l.issuerName,
      label: '电子证照专用章',
      font: FONT,
    });
    drawQrCode(doc, opts.qrText, { x: CONTENT.left, y: 622, size: 118, margin: 2 });
    doc
      .font(FONT)
      .fontSize(8)
      .fillColor(COLOR.muted)
      .text('扫码核验真伪与状态', CONTENT.left, 744, { width: 118, align: 'center' });
    doc
      .fontSize(7)
      .text(
        `本证照由${l.issuerName}（${l.issuerUscc}）以 SM2/SM3 电子签名签发，密钥标识 ${l.keyId}，管辖区域代码 ${l.jurisdiction}。与纸质证照具有同等法律效力。`,
        CONTENT.left,
        772,
        { width: CONTENT.right - CONTENT.left, align: 'center' },
      );
    if (signingTime) {
      addSignaturePlaceholder(doc, {
        identifier: l.identifier,
        issuerName: l.issuerName,
        jurisdiction: l.jurisdiction,
        signingTime,
      });
    }
  });
}
