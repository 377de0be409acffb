import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
// jsqr is CommonJS whose typings declare an ES default export: take whichever shape arrives.
const jsQR = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);

/** Test helpers over poppler-utils (`pdftoppm`, `pdftotext`) and jsQR. */
export const hasPoppler = spawnSync('pdftoppm', ['-v'], { encoding: 'utf8' }).status === 0;

function withPdf<T>(pdf: Buffer, fn: (dir: string, file: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'licence-pdf-'));
  try {
    const file = path.join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    return fn(dir, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Page `page` rendered to a PNG at `dpi`. */
export function renderPage(pdf: Buffer, page = 1, dpi = 200): PNG {
  return withPdf(pdf, (dir, file) => {
    const out = path.join(dir, 'page');
    const res = spawnSync(
      'pdftoppm',
      ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, out],
      { encoding: 'utf8' },
    );
    if (res.status !== 0) throw new Error(`pdftoppm failed: ${res.stderr}`);
    return PNG.sync.read(readFileSync(`${out}.png`));
  });
}

export function pdfText(pdf: Buffer): string[] {
  return withPdf(pdf, (_dir, file) => {
    const res = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`pdftotext failed: ${res.stderr}`);
    return res.stdout.split('\f').filter((p) => p.trim() !== '');
  });
}

export interface InkStats {
  nonWhite: number;
  red: number;
  total: number;
}

export function inkStats(png: PNG): InkStats {
  let nonWhite = 0;
  let red = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const r = png.data[i] ?? 255;
    const g = png.data[i + 1] ?? 255;
    const b = png.data[i + 2] ?? 255;
    if (r < 235 || g < 235 || b < 235) nonWhite++;
    if (r > 150 && g < 90 && b < 90) red++;
  }
  return { nonWhite, red, total: png.width * png.height };
}

/** Decodes a QR code inside the rectangle (PDF points) of a page rendered at `dpi`. */
export function decodeQr(
  png: PNG,
  rect: { x: number; y: number; w: number; h: number },
  dpi = 200,
): string | undefined {
  const s = dpi / 72;
  const x0 = Math.max(0, Math.floor(rect.x * s));
  const y0 = Math.max(0, Math.floor(rect.y * s));
  const w = Math.min(png.width - x0, Math.ceil(rect.w * s));
  const h = Math.min(png.height - y0, Math.ceil(rect.h * s));
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const from = ((y0 + y) * png.width + x0) * 4;
    data.set(png.data.subarray(from, from + w * 4), y * w * 4);
  }
  return jsQR(data, w, h)?.data;
}
