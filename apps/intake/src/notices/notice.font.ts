import { existsSync, readFileSync } from 'node:fs';
import { AppError } from '@hall/platform';

/**
 * The CJK font embedded in notice PDFs — the same lookup as the catalog's guides (apps may not import each
 * other): `HALL_CJK_FONT` (`/path/font.ttc` or `/path/font.ttc#PostScriptName`), otherwise the first known
 * Debian font that exists (`apt-get install fonts-wqy-microhei`).
 */
export const CJK_FONT_ENV = 'HALL_CJK_FONT';

const KNOWN: readonly { path: string; face?: string }[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
];

export interface NoticeFont {
  data: Buffer;
  /** Face of a collection (.ttc); undefined for a single-face file. */
  face?: string;
}

let cached: NoticeFont | undefined;

export function loadNoticeFont(env: NodeJS.ProcessEnv = process.env): NoticeFont {
  if (cached) return cached;
  const configured = env[CJK_FONT_ENV]?.trim();
  let found: { path: string; face?: string } | undefined;
  if (configured) {
    const hash = configured.lastIndexOf('#');
    found = hash > 0 ? { path: configured.slice(0, hash), face: configured.slice(hash + 1) } : { path: configured };
    if (!existsSync(found.path)) throw new AppError('CJK_FONT_MISSING', `${CJK_FONT_ENV}=${configured}: no such font file`, 500);
  } else {
    found = KNOWN.find((c) => existsSync(c.path));
  }
  if (!found) {
    throw new AppError('CJK_FONT_MISSING', `no CJK font for notice PDFs: apt-get install fonts-wqy-microhei or set ${CJK_FONT_ENV}`, 500);
  }
  cached = { data: readFileSync(found.path), ...(found.face ? { face: found.face } : {}) };
  return cached;
}

/** Whether a CJK font is available (tests skip PDF text checks without one). */
export function hasNoticeFont(): boolean {
  try {
    loadNoticeFont();
    return true;
  } catch {
    return false;
  }
}
