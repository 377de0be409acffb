import PDFDocument from 'pdfkit';
import { parsedCjkFace, type CjkFontOptions } from './cjk-font.js';

/** The name the CJK face is registered under in every document `renderPdf` creates. */
export const CJK_FONT_NAME = 'cjk';

export interface RenderPdfOptions {
  /** PDFKit document options (size, margins, info …); `lang` defaults to `zh-CN`, `displayTitle` to true. */
  readonly document: PDFKit.PDFDocumentOptions;
  /** Where the CJK font comes from (default: `CJK_FONT` env, a system font, then the packaged one). */
  readonly font?: CjkFontOptions;
}

/**
 * The one PDF setup of the hall: creates the document, registers the CJK face (parsed once per process, see
 * `parsedCjkFace`) as {@link CJK_FONT_NAME} and selects it, lets `draw` lay out the pages, and collects the bytes.
 * If `draw` throws, the document is closed and the error rethrown. Deterministic when the input and the `info`
 * dates are (PDFKit writes no random ids then).
 */
export async function renderPdf(
  options: RenderPdfOptions,
  draw: (doc: PDFKit.PDFDocument) => void | Promise<void>,
): Promise<Buffer> {
  const face = parsedCjkFace(options.font);
  const doc = new PDFDocument({ lang: 'zh-CN', displayTitle: true, ...options.document });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    doc.registerFont(CJK_FONT_NAME, face);
    doc.font(CJK_FONT_NAME);
    await draw(doc);
  } catch (e) {
    doc.end();
    await done.catch(() => undefined);
    throw e;
  }
  doc.end();
  return done;
}
