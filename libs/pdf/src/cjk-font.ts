import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AppError } from '@hall/errors';
import PDFDocument from 'pdfkit';

/**
 * The CJK font embedded in the hall's PDFs (guides, notices, licences). PDFKit's standard fonts have no Chinese glyphs, so a real
 * TrueType/OpenType file (or a collection, .ttc) is needed: `HALL_CJK_FONT` names one
 * (`/path/font.ttc` or `/path/font.ttc#PostScriptName` to pick a face of a collection); otherwise the first
 * of {@link KNOWN_CJK_FONTS} that exists on the machine is used; otherwise the font shipped with the project
 * ({@link packagedCjkFont}, an npm dependency, so every `npm ci` has it).
 */
export const CJK_FONT_ENV = 'HALL_CJK_FONT';
export const CJK_FONT_DEBIAN_PACKAGE = 'fonts-wqy-microhei';
/** npm package of the shipped font: Noto Sans SC (思源黑体 SC), SIL Open Font License 1.1, static TrueType. */
export const CJK_FONT_NPM_PACKAGE = '@expo-google-fonts/noto-sans-sc';
const PACKAGED_FILE = `${CJK_FONT_NPM_PACKAGE}/400Regular/NotoSansSC_400Regular.ttf`;
const PACKAGED_FACE = 'NotoSansSC-Regular';

export interface CjkFontCandidate {
  path: string;
  /** Face to use in a collection; if absent, the first face's PostScript name. */
  postscriptName?: string;
}

/** Where Debian's CJK font packages put their fonts (first match wins). */
export const KNOWN_CJK_FONTS: readonly CjkFontCandidate[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', postscriptName: 'WenQuanYiMicroHei' }, // fonts-wqy-microhei
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' }, // fonts-noto-cjk
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', postscriptName: 'WenQuanYiZenHei' }, // fonts-wqy-zenhei
  {
    path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
    postscriptName: 'NotoSerifCJKsc-Regular',
  }, // fonts-noto-cjk
  { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' }, // fonts-droid-fallback
];

export interface CjkFont {
  path: string;
  /** PostScript name of the face used (also the /FontName in the PDF, after the subset tag). */
  postscriptName: string;
  /** The whole file (PDFKit embeds a subset of the glyphs used). */
  data: Buffer;
  /**
   * Third argument of `doc.registerFont(name, data, family)`: the face for a collection (.ttc), `undefined` for a
   * single TTF/OTF (fontkit reads a name given there as a variation of a variable font and throws).
   */
  family: string | undefined;
}

export interface CjkFontOptions {
  env?: NodeJS.ProcessEnv;
  /** System fonts to look for (default {@link KNOWN_CJK_FONTS}); `[]` behaves as a machine without fonts. */
  candidates?: readonly CjkFontCandidate[];
  /** The last resort (default {@link packagedCjkFont}); `null` behaves as an install without it. */
  packaged?: CjkFontCandidate | null;
}

const requireFrom = createRequire(import.meta.url);

/** The font file shipped with the project (Noto Sans SC Regular from {@link CJK_FONT_NPM_PACKAGE}), or `null` if not installed. */
export function packagedCjkFont(): CjkFontCandidate | null {
  try {
    return { path: requireFrom.resolve(PACKAGED_FILE), postscriptName: PACKAGED_FACE };
  } catch {
    return null;
  }
}

/** Reads the PostScript names (name ID 6) of every face of a TTF/OTF file or TTC collection. */
export function readPostscriptNames(data: Buffer): string[] {
  const tag = data.toString('latin1', 0, 4);
  let offsets: number[];
  if (tag === 'ttcf') {
    const count = data.readUInt32BE(8);
    offsets = Array.from({ length: count }, (_, i) => data.readUInt32BE(12 + 4 * i));
  } else if (tag === 'OTTO' || tag === 'true' || data.readUInt32BE(0) === 0x00010000) {
    offsets = [0];
  } else {
    throw new RangeError('not a TrueType/OpenType font or collection');
  }
  return offsets.map((offset) => faceName(data, offset));
}

function faceName(data: Buffer, offset: number): string {
  const numTables = data.readUInt16BE(offset + 4);
  for (let i = 0; i < numTables; i += 1) {
    const rec = offset + 12 + 16 * i;
    if (data.toString('latin1', rec, rec + 4) !== 'name') continue;
    const table = data.readUInt32BE(rec + 8);
    const count = data.readUInt16BE(table + 2);
    const strings = table + data.readUInt16BE(table + 4);
    let fallback = '';
    for (let j = 0; j < count; j += 1) {
      const r = table + 6 + 12 * j;
      const platform = data.readUInt16BE(r);
      if (data.readUInt16BE(r + 6) !== 6) continue;
      const start = strings + data.readUInt16BE(r + 10);
      const bytes = data.subarray(start, start + data.readUInt16BE(r + 8));
      if (platform === 3 || platform === 0) return Buffer.from(bytes).swap16().toString('utf16le');
      if (platform === 1 && !fallback) fallback = bytes.toString('latin1');
    }
    if (fallback) return fallback;
  }
  throw new RangeError('font has no PostScript name');
}

function missing(message: string, details: Record<string, unknown>): AppError {
  return new AppError('CJK_FONT_MISSING', message, 500, details);
}

/** The font path (and face) to use, without reading the file. Throws `CJK_FONT_MISSING` when none exists. */
export function resolveCjkFont(opts: CjkFontOptions = {}): CjkFontCandidate {
  const env = opts.env ?? process.env;
  const configured = env[CJK_FONT_ENV]?.trim();
  if (configured) {
    const hash = configured.lastIndexOf('#');
    const path = hash > 0 ? configured.slice(0, hash) : configured;
    const postscriptName = hash > 0 ? configured.slice(hash + 1) : undefined;
    if (!existsSync(path)) {
      throw missing(
        `${CJK_FONT_ENV}=${configured}: no such font file (point it to a TTF/OTF/TTC file, or unset it to use a system font or the packaged one)`,
        { path },
      );
    }
    return postscriptName ? { path, postscriptName } : { path };
  }
  const candidates = opts.candidates ?? KNOWN_CJK_FONTS;
  const found = candidates.find((c) => existsSync(c.path));
  if (found) return found;
  const packaged = opts.packaged === undefined ? packagedCjkFont() : opts.packaged;
  if (packaged && existsSync(packaged.path)) return packaged;
  // Only reachable when node_modules is incomplete (the font package is a production dependency).
  throw missing(
    `no CJK font found for PDFs: the npm package ${CJK_FONT_NPM_PACKAGE} is not installed (run npm ci), no system font ` +
      `exists (apt-get install -y ${CJK_FONT_DEBIAN_PACKAGE}) and ${CJK_FONT_ENV} is not set; looked in ${candidates.map((c) => c.path).join(', ')}`,
    { looked: candidates.map((c) => c.path), package: CJK_FONT_NPM_PACKAGE },
  );
}

const cache = new Map<string, CjkFont>();

/** Resolves and reads the CJK font (files are read once per process and face). */
export function loadCjkFont(opts: CjkFontOptions = {}): CjkFont {
  const { path, postscriptName } = resolveCjkFont(opts);
  const key = `${path}#${postscriptName ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const data = readFileSync(path);
  let names: string[];
  try {
    names = readPostscriptNames(data);
  } catch (e) {
    throw missing(`${path} is not a usable font: ${(e as Error).message}`, { path });
  }
  const face = postscriptName ?? names[0];
  if (!face || !names.includes(face)) {
    throw missing(`${path} has no face ${postscriptName ?? ''} (faces: ${names.join(', ')})`, {
      path,
      faces: names,
    });
  }
  const font: CjkFont = {
    path,
    postscriptName: face,
    data,
    family: data.toString('latin1', 0, 4) === 'ttcf' ? face : undefined,
  };
  cache.set(key, font);
  return font;
}

/** Whether a CJK font can be loaded (always, in a complete install: the packaged font is the fallback). */
export function hasCjkFont(opts: CjkFontOptions = {}): boolean {
  try {
    loadCjkFont(opts);
    return true;
  } catch {
    return false;
  }
}

const parsedFaces = new Map<string, PDFKit.Mixins.PDFFontSource>();

/**
 * The CJK face parsed once per process, for `doc.registerFont(name, face)`. Registering the raw bytes makes
 * every document parse the collection again and decode its large tables (cmap, hmtx, the glyph index of ~30k
 * glyphs) — most of a licence's render time. PDFKit accepts a parsed fontkit font in place of bytes (any
 * object with `layout()`), and each document still builds its own subset of only the glyphs it uses. The
 * parsed face is taken from a probe document so no second font library is imported; if PDFKit ever stops
 * exposing it, the bytes are used (slower, same output).
 */
export function parsedCjkFace(opts: CjkFontOptions = {}): PDFKit.Mixins.PDFFontSource {
  // The default lookup (no options: the process's environment, system fonts, the packaged font) is resolved once per
  // value of `HALL_CJK_FONT`: it probes up to six paths on disk, for every document otherwise.
  const byDefault = opts.env === undefined && opts.candidates === undefined && opts.packaged === undefined;
  const configured = byDefault ? (process.env[CJK_FONT_ENV] ?? '') : undefined;
  if (configured !== undefined && defaultFace?.configured === configured) return defaultFace.face;
  const face = parseCjkFace(opts);
  if (configured !== undefined) defaultFace = { configured, face };
  return face;
}

let defaultFace: { configured: string; face: PDFKit.Mixins.PDFFontSource } | undefined;

function parseCjkFace(opts: CjkFontOptions): PDFKit.Mixins.PDFFontSource {
  const font = loadCjkFont(opts);
  const key = `${font.path}#${font.postscriptName}`;
  const hit = parsedFaces.get(key);
  if (hit) return hit;
  const probe = new PDFDocument({ autoFirstPage: false });
  probe.registerFont('cjk-probe', font.data, font.family);
  probe.font('cjk-probe');
  const face = (probe as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
  const parsed =
    face && typeof face.layout === 'function' ? (face as unknown as PDFKit.Mixins.PDFFontSource) : font.data;
  probe.end();
  parsedFaces.set(key, parsed);
  return parsed;
}
