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
  // `font: null`: no default Helvetica — PDFKit would parse its AFM metrics for every document, and no hall
  // document uses it (the CJK face is selected below, before anything is drawn).
  const doc = new PDFDocument({
    lang: 'zh-CN',
    displayTitle: true,
    font: null as unknown as string,
    ...options.document,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    doc.registerFont(CJK_FONT_NAME, face);
    doc.font(CJK_FONT_NAME);
    shareLayouts(doc, face);
    await draw(doc);
  } catch (e) {
    doc.end();
    await done.catch(() => undefined);
    throw e;
  }
  doc.end();
  return done;
}

/** The part of PDFKit's embedded font that {@link shareLayouts} touches (not in its public typings). */
interface EmbeddedFontInternals {
  font?: unknown;
  layoutCache?: Record<string, unknown>;
}

/** Words whose shaped runs are kept per face before the table starts afresh (bounds memory; ~100 B to 1 KB each). */
export const SHARED_LAYOUT_LIMIT = 20_000;
const sharedLayouts = new Map<unknown, { runs: Record<string, unknown>; uses: number }>();

/**
 * Shares the shaped words (glyphs and advances) of the parsed CJK face across documents. PDFKit shapes each
 * space-separated word once per document with fontkit's OpenType layout (GSUB/GPOS feature set-up for every call) and
 * caches the result on that document's font object only — so each licence shaped its labels, the issuer's name and
 * the frame texts again: about a third of a render. A shaped run depends only on the face and the text (positions
 * are kept in the face's 1000-unit scale, whatever the font size), PDFKit never changes a cached run (it copies the
 * one it adjusts for justified text), and each document still builds its own glyph subset from the runs it encodes;
 * so the output is byte-for-byte the same. Only for the parsed face shared by every document (not a per-document
 * parse from bytes), and only when PDFKit's per-document cache is on.
 */
function shareLayouts(doc: PDFKit.PDFDocument, face: unknown): void {
  const font = (doc as unknown as { _font?: EmbeddedFontInternals })._font;
  if (!font?.layoutCache || font.font !== face || face instanceof Uint8Array) return;
  let shared = sharedLayouts.get(face);
  // Counting the words costs about a millisecond at the limit: every 64th document.
  if (!shared || (++shared.uses % 64 === 0 && Object.keys(shared.runs).length > SHARED_LAYOUT_LIMIT)) {
    shared = { runs: Object.create(null) as Record<string, unknown>, uses: 0 };
    sharedLayouts.set(face, shared);
  }
  font.layoutCache = shared.runs;
}
