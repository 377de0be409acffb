import { deflateSync } from 'node:zlib';
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
  const doc = new FastDeflateDocument({
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
    shareGlyphs(doc, face);
    await draw(doc);
  } catch (e) {
    doc.end();
    await done.catch(() => undefined);
    throw e;
  }
  doc.end();
  return done;
}

/**
 * The zlib level of every compressed stream `renderPdf` writes (page content, the embedded font subset, its ToUnicode
 * map). PDFKit has no option for it (its documented `compress` option only turns compression on or off; each stream
 * is deflated with zlib's default, level 6, when the document ends). Level 1 deflates a licence's streams in about
 * half the CPU (~0.7 of ~1.4 ms per licence, issue 22) for ~6 % more bytes (a page's QR path and text operators: 6.8
 * → 8.3 KB; the font subset, glyph outlines that hardly compress: 18.3 → 18.7 KB). Still Flate, read by every viewer.
 */
export const PDF_DEFLATE_LEVEL = 1;

/** What {@link FastDeflateDocument} changes of PDFKit's `PDFReference` (not in its public typings). */
interface ReferenceInternals {
  compress: boolean;
  buffer: Uint8Array[];
  finalize(): void;
}

/**
 * PDFKit's document whose compressed streams are deflated at {@link PDF_DEFLATE_LEVEL}. Every object (the first
 * page's content too, made in PDFKit's constructor) comes from `ref()`: a reference to compress is deflated here when
 * it is finalised and handed to PDFKit's own `finalize` as already-compressed bytes (its `/Filter /FlateDecode` was set
 * as PDFKit wrote it). PDFKit itself (`node_modules`) is not changed.
 */
class FastDeflateDocument extends PDFDocument {
  override ref(data: object): PDFKit.PDFKitReference {
    const ref = super.ref(data);
    const internals = ref as unknown as ReferenceInternals;
    const own = internals.finalize;
    if (typeof own !== 'function' || !Array.isArray(internals.buffer)) return ref;
    internals.finalize = function (this: ReferenceInternals): void {
      if (this.compress && this.buffer.length > 0) {
        this.buffer = [deflateSync(Buffer.concat(this.buffer), { level: PDF_DEFLATE_LEVEL })];
        this.compress = false;
      }
      own.call(this);
    };
    return ref;
  }
}

/** The part of PDFKit's embedded font that {@link shareLayouts} touches (not in its public typings). */
interface EmbeddedFontInternals {
  font?: unknown;
  layoutCache?: Record<string, unknown>;
  layoutCached?(text: string): ShapedRun;
}

/** What PDFKit reads of a shaped run (fontkit's GlyphRun, positions already in the face's 1000-unit scale). */
interface ShapedRun {
  glyphs: unknown[];
  positions: Array<{ xAdvance: number }>;
  advanceWidth: number;
}

/**
 * Text made only of CJK ideographs, CJK symbols and punctuation, and fullwidth forms: shaped character by character.
 * Whole strings of these shape to the same glyphs and positions as their characters one by one in the packaged Noto
 * Sans SC (checked for every ideograph of the face, `render-pdf.spec.ts`): its OpenType features (kerning,
 * ligatures, contextual forms) do not act between two of them in horizontal text. The Debian CJK faces are used the
 * same way (a face kerning two ideographs would lose that pair's kerning, nothing else).
 */
const CJK_ONLY = /^[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]{2,}$/;

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
  const runs = shared.runs;
  font.layoutCache = runs;
  const own = font.layoutCached;
  if (typeof own !== 'function') return;
  // A new holder name, address or issuer is mostly characters seen before: made from their cached runs, it is not
  // shaped again (fontkit sets up every feature for each glyph of each new string, a fifth of a licence in the hall).
  font.layoutCached = function (this: EmbeddedFontInternals, text: string): ShapedRun {
    const hit = runs[text] as ShapedRun | undefined;
    if (hit || !CJK_ONLY.test(text)) return hit ?? own.call(this, text);
    const glyphs: unknown[] = [];
    const positions: ShapedRun['positions'] = [];
    for (const ch of text) {
      const part = own.call(this, ch);
      glyphs.push(...part.glyphs);
      positions.push(...part.positions);
    }
    let advanceWidth = 0;
    for (const p of positions) advanceWidth += p.xAdvance;
    const run: ShapedRun = { glyphs, positions, advanceWidth };
    runs[text] = run;
    return run;
  };
}

/** The part of fontkit's TrueType subset (`font.createSubset()`) that {@link shareGlyphs} replaces. */
interface TtfSubsetInternals {
  font?: unknown;
  glyphEncoder?: unknown;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: Array<{ advance: number; bearing: number }> };
  offset: number;
  includeGlyph(gid: number): number;
  _addGlyph(gid: number): number;
}

/** The part of a parsed fontkit TrueType face read to describe one glyph for the subset. */
interface TtfFaceInternals {
  _variationProcessor?: unknown;
  loca?: { offsets: number[] };
  getGlyph(gid: number): {
    advanceWidth: number;
    _decode(): { numberOfContours: number } | null;
    _getMetrics(): { leftBearing: number };
  };
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array } | null;
}

/** One simple glyph as a subset copies it: its `glyf` bytes and its metrics (`undefined` for a composite glyph). */
type SharedGlyph = { bytes: Uint8Array; advance: number; bearing: number } | undefined;

const sharedGlyphs = new WeakMap<object, Map<number, SharedGlyph>>();

function describeGlyph(face: TtfFaceInternals, gid: number): SharedGlyph {
  const glyph = face.getGlyph(gid);
  const glyf = glyph._decode();
  // A composite glyph names its components by glyph id, which each subset renumbers: left to fontkit.
  if (glyf && glyf.numberOfContours < 0) return undefined;
  const offsets = face.loca?.offsets ?? [];
  const start = offsets[gid] ?? 0;
  const stream = face._getTableStream('glyf');
  if (!stream) throw new Error('fontkit internals changed: no glyf table stream');
  stream.pos += start;
  // A view of the face's file (restructure slices the Buffer): no copy is kept per glyph.
  const bytes = stream.readBuffer((offsets[gid + 1] ?? start) - start);
  return { bytes, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
}

/**
 * Shares the glyph data a font subset copies into each document. fontkit's TrueType subset decodes every glyph it
 * includes (its outline points, only to tell a composite glyph from a simple one) and reads its bytes and metrics
 * again for each document: with some 100–150 CJK glyphs per licence, about a sixth of a render. The bytes and metrics
 * of a simple glyph depend only on the face, so they are kept per parsed face (views of its file and two numbers,
 * at most one entry per glyph of the face) and each document's subset appends them as fontkit does. A composite glyph
 * (none in the packaged Noto Sans SC) names its components by glyph id, which each subset renumbers: fontkit's own
 * code copies it. Same bytes as fontkit's own subset. Only for a static TrueType face (no variations; a CFF face
 * has fontkit's other subset class, left alone).
 */
function shareGlyphs(doc: PDFKit.PDFDocument, face: unknown): void {
  const subset = (doc as unknown as { _font?: { subset?: Partial<TtfSubsetInternals> } })._font?.subset;
  if (
    !subset ||
    face instanceof Uint8Array ||
    subset.font !== face ||
    !subset.glyphEncoder ||
    typeof subset._addGlyph !== 'function' ||
    (face as TtfFaceInternals)._variationProcessor
  )
    return;
  const ttf = face as TtfFaceInternals;
  let glyphs = sharedGlyphs.get(ttf);
  if (!glyphs) {
    glyphs = new Map();
    sharedGlyphs.set(ttf, glyphs);
  }
  const known = glyphs;
  const ownAddGlyph = subset._addGlyph;
  subset._addGlyph = function (this: TtfSubsetInternals, gid: number): number {
    let glyph = known.get(gid);
    if (glyph === undefined && !known.has(gid)) {
      glyph = describeGlyph(ttf, gid);
      known.set(gid, glyph);
    }
    if (!glyph) return ownAddGlyph.call(this, gid);
    this.glyf.push(glyph.bytes);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push({ advance: glyph.advance, bearing: glyph.bearing });
    this.offset += glyph.bytes.length;
    return this.glyf.length - 1;
  };
}
