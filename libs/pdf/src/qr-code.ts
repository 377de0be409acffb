import QRCode from 'qrcode';

export interface QrPlacement {
  /** Top-left corner of the symbol's square, quiet zone included (PDF points). */
  readonly x: number;
  readonly y: number;
  /** Side of the square, quiet zone included (PDF points). */
  readonly size: number;
  /** Quiet zone in modules on each side (default 2). */
  readonly margin?: number;
  /** Error correction level (default M: the symbol survives about 15 % damage, e.g. a stamp over it). */
  readonly errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
}

/**
 * Draws `text` as a QR code in vector form: a white square for the quiet zone, then one filled path of the dark
 * modules, each row's consecutive dark modules joined into one rectangle, and a rectangle continuing down over the
 * rows below that repeat the same run. No raster image is made: a PNG from the encoder, decoded and re-compressed by
 * PDFKit, cost about 8 % of the CPU of a whole case (issue 22), and the vector symbol stays sharp at any zoom or print
 * resolution. The path is written in module units (one `cm` scales it into place) as one piece of page content:
 * small integers instead of a point position per rectangle and no PDFKit call per rectangle — a licence's page
 * content was about 50 KB of QR rectangles before (issue 22 item 4), all deflated again for every licence.
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, at: QrPlacement): void {
  const { size: n, data } = encodeQr(text, at.errorCorrectionLevel ?? 'M');
  const margin = at.margin ?? 2;
  const unit = at.size / (n + 2 * margin);
  doc.save();
  doc.rect(at.x, at.y, at.size, at.size).fill('#ffffff');
  doc.transform(unit, 0, 0, unit, at.x + margin * unit, at.y + margin * unit);
  doc.fillColor('#000000');
  doc.addContent(`${darkModulePath(data, n)}f`);
  doc.restore();
}

/**
 * The dark modules of an `n`×`n` symbol (row-major, non-zero = dark) as `x y w h re` operators in module units:
 * each row's runs, a run repeated in the next rows drawn once as a taller rectangle.
 */
export function darkModulePath(data: ArrayLike<number>, n: number): string {
  // Rectangles still open, by the run's start column: top row and length (0: none). Two rows of typed arrays instead
  // of a map and an object per run (issue 22: this function was the largest allocator of a case's licence renders).
  let openTop = new Int32Array(n);
  let openLength = new Int32Array(n);
  let nextTop = new Int32Array(n);
  let nextLength = new Int32Array(n);
  let out = '';
  for (let row = 0; row <= n; row++) {
    nextLength.fill(0);
    let col = 0;
    while (row < n && col < n) {
      if (data[row * n + col] === 0) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && data[row * n + col] !== 0) col++;
      const length = col - start;
      if (openLength[start] === length) {
        nextTop[start] = openTop[start] ?? 0;
        openLength[start] = 0;
      } else nextTop[start] = row;
      nextLength[start] = length;
    }
    // What the row did not continue closes here, left to right.
    for (let start = 0; start < n; start++) {
      const length = openLength[start] ?? 0;
      if (length > 0) {
        const top = openTop[start] ?? 0;
        out += `${start} ${top} ${length} ${row - top} re\n`;
      }
    }
    [openTop, nextTop] = [nextTop, openTop];
    [openLength, nextLength] = [nextLength, openLength];
  }
  return out;
}

/** Format information's error correction bits (ISO/IEC 18004 table 12: L 01, M 00, Q 11, H 10). */
const LEVEL_BITS = { L: 1, M: 0, Q: 3, H: 2 } as const;

/** The 15 format information bits for a level and mask: 5 data bits, (15, 5) BCH code, XOR 101010000010010. */
export function formatInfoBits(level: keyof typeof LEVEL_BITS, mask: number): number {
  const value = (LEVEL_BITS[level] << 3) | mask;
  let rem = value << 10;
  for (let bit = 14; bit >= 10; bit--) if ((rem >> bit) & 1) rem ^= 0x537 << (bit - 10);
  return ((value << 10) | rem) ^ 0x5412;
}

/** Whether mask pattern `p` inverts the module in row `i`, column `j` (ISO/IEC 18004 table 10). */
function maskAt(p: number, i: number, j: number): boolean {
  switch (p) {
    case 0:
      return (i + j) % 2 === 0;
    case 1:
      return i % 2 === 0;
    case 2:
      return j % 3 === 0;
    case 3:
      return (i + j) % 3 === 0;
    case 4:
      return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5:
      return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6:
      return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default:
      return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
  }
}

/** Writes the format information of `bits` into `m` (both copies and the dark module), as the encoder places them. */
function placeFormatInfo(m: Uint8Array, n: number, bits: number): void {
  for (let i = 0; i < 15; i++) {
    const v = (bits >> i) & 1;
    const row = i < 6 ? i : i < 8 ? i + 1 : n - 15 + i;
    m[row * n + 8] = v;
    const col = i < 8 ? n - i - 1 : i < 9 ? 15 - i : 15 - i - 1;
    m[8 * n + col] = v;
  }
  m[(n - 8) * n + 8] = 1;
}

/**
 * The penalty score of a masked symbol (ISO/IEC 18004 7.8.3), computed as the `qrcode` package computes it
 * (N1 runs of five or more, N2 2×2 blocks, N3 1:1:3:1:1 patterns in 11-module windows, N4 dark proportion), so the
 * mask chosen is the package's.
 */
function penalty(m: Uint8Array, n: number): number {
  let points = 0;
  let dark = 0;
  // Rows, then columns: same-colour runs (N1) and 11-module windows (N3).
  for (let pass = 0; pass < 2; pass++) {
    const step = pass === 0 ? 1 : n;
    const lineStep = pass === 0 ? n : 1;
    for (let line = 0; line < n; line++) {
      let k = line * lineStep;
      let last = -1;
      let run = 0;
      let bits = 0;
      for (let b = 0; b < n; b++, k += step) {
        const v = m[k] as number;
        if (v === last) run++;
        else {
          if (run >= 5) points += run - 2;
          last = v;
          run = 1;
        }
        bits = ((bits << 1) & 0x7ff) | v;
        if (b >= 10 && (bits === 0x5d0 || bits === 0x05d)) points += 40;
      }
      if (run >= 5) points += run - 2;
    }
  }
  // 2×2 blocks of one colour (N2) and the dark proportion (N4).
  for (let a = 0; a < n; a++) {
    const row = a * n;
    for (let b = 0; b < n; b++) {
      const v = m[row + b] as number;
      dark += v;
      if (a < n - 1 && b < n - 1) {
        const block =
          v + (m[row + b + 1] as number) + (m[row + n + b] as number) + (m[row + n + b + 1] as number);
        if (block === 0 || block === 4) points += 3;
      }
    }
  }
  return points + Math.abs(Math.ceil((dark * 100) / (n * n) / 5) - 10) * 10;
}

const maskTablesBySize = new Map<number, Uint8Array[]>();

/**
 * The eight masks of a symbol size as arrays (1 where the mask inverts a module): the same for every symbol of a
 * version, whose function patterns (the `qrcode` matrix's reserved modules) it leaves alone.
 */
function maskTables(n: number, reserved: Uint8Array): Uint8Array[] {
  const known = maskTablesBySize.get(n);
  if (known) return known;
  const tables = Array.from({ length: 8 }, (_, p) => {
    const t = new Uint8Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) if (!reserved[i * n + j] && maskAt(p, i, j)) t[i * n + j] = 1;
    return t;
  });
  maskTablesBySize.set(n, tables);
  return tables;
}

/**
 * Encodes `text` as one byte-mode segment: the symbol's modules (row-major, 1 = dark) with the mask of the lowest
 * penalty — the same symbol as the `qrcode` package's own mask choice, for about half the CPU. The package evaluates
 * each of the eight masks on its bit matrix through per-module method calls (about 90 % of encoding a licence's
 * verification URL); here the symbol is built once with mask 0, unmasked, and each mask scored on a plain array.
 *
 * One byte-mode segment: the hall's QR texts are URLs with a base64url payload, for which the encoder's search for
 * the shortest mix of numeric/alphanumeric/byte segments (a shortest-path over every split, about 70 % of the
 * encoding time) finds nothing smaller in practice; the symbol's version stays the same.
 */
export function encodeQr(text: string, level: 'L' | 'M' | 'Q' | 'H'): { size: number; data: Uint8Array } {
  const { modules } = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], {
    errorCorrectionLevel: level,
    maskPattern: 0,
  });
  const n = modules.size;
  const masks = maskTables(n, modules.reservedBit);
  const mask0 = masks[0] ?? new Uint8Array(n * n);
  const plain = new Uint8Array(n * n);
  for (let k = 0; k < n * n; k++) plain[k] = (modules.data[k] ?? 0) ^ (mask0[k] ?? 0);
  let best: Uint8Array | undefined;
  let lowest = Infinity;
  for (let p = 0; p < 8; p++) {
    const mask = masks[p] ?? mask0;
    const masked = new Uint8Array(n * n);
    for (let k = 0; k < n * n; k++) masked[k] = (plain[k] ?? 0) ^ (mask[k] ?? 0);
    placeFormatInfo(masked, n, formatInfoBits(level, p));
    const score = penalty(masked, n);
    if (score < lowest) {
      lowest = score;
      best = masked;
    }
  }
  return { size: n, data: best ?? plain };
}
