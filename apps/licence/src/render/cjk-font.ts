import { existsSync, readFileSync } from 'node:fs';
import { AppError } from '@hall/platform';
import PDFDocument from 'pdfkit';

/**
 * The CJK font embedded in licence PDFs (same lookup as the catalog's guides: `HALL_CJK_FONT` =
 * `/path/font.ttc[#PostScriptName]`, else the Debian packages' paths; `apt-get install fonts-wqy-microhei`).
 */
export const CJK_FONT_ENV = 'HALL_CJK_FONT';

const KNOWN: ReadonlyArray<{ path: string; face?: string }> = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
];

export interface CjkFont {
  data: Buffer;
  /** Face of a collection (.ttc), passed to PDFKit's registerFont. */
  face?: string;
}

let cached: CjkFont | undefined;

export function loadCjkFont(env: NodeJS.ProcessEnv = process.env): CjkFont {
  if (cached) return cached;
  const configured = env[CJK_FONT_ENV]?.trim();
  let choice: { path: string; face?: string } | undefined;
  if (configured) {
    const hash = configured.lastIndexOf('#');
    choice = hash > 0 ? { path: configured.slice(0, hash), face: configured.slice(hash + 1) } : { path: configured };
  } else {
    choice = KNOWN.find((c) => existsSync(c.path));
  }
  if (!choice || !existsSync(choice.path)) {
    throw new AppError('CJK_FONT_MISSING', `no CJK font for licence PDFs: install fonts-wqy-microhei or set ${CJK_FONT_ENV}`, 500);
  }
  cached = { data: readFileSync(choice.path), ...(choice.face ? { face: choice.face } : {}) };
  return cached;
}

let parsed: PDFKit.Mixins.PDFFontSource | undefined;

/**
 * The CJK face parsed once per process, for `doc.registerFont(name, face)`. Registering the raw bytes makes
 * every document parse the collection again and decode its large tables (cmap, hmtx, glyf index of ~30k
 * glyphs) — most of a licence's render time. pdfkit accepts a parsed fontkit font in place of bytes
 * (`PDFFontFactory.open`: any object with `layout()`), and each document still builds its own subset of only
 * the glyphs it uses. The parsed face is taken from a probe document so no second font library is imported;
 * if pdfkit ever stops exposing it, the bytes are used (slower, same output).
 */
export function parsedCjkFace(): PDFKit.Mixins.PDFFontSource {
  if (parsed) return parsed;
  const font = loadCjkFont();
  const probe = new PDFDocument({ autoFirstPage: false });
  probe.registerFont('cjk-probe', font.data, font.face);
  probe.font('cjk-probe');
  const face = (probe as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
  parsed = face && typeof face.layout === 'function' ? (face as unknown as PDFKit.Mixins.PDFFontSource) : font.data;
  probe.end();
  return parsed;
}
