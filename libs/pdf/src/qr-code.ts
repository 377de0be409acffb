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
  // One byte-mode segment: the hall's QR texts are URLs with a base64url payload, for which the encoder's search
  // for the shortest mix of numeric/alphanumeric/byte segments (a shortest-path over every split, about 70 % of the
  // encoding time) finds nothing smaller in practice; the symbol's version stays the same.
  const { modules } = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], {
    errorCorrectionLevel: at.errorCorrectionLevel ?? 'M',
  });
  const margin = at.margin ?? 2;
  const n = modules.size;
  const unit = at.size / (n + 2 * margin);
  doc.save();
  doc.rect(at.x, at.y, at.size, at.size).fill('#ffffff');
  doc.transform(unit, 0, 0, unit, at.x + margin * unit, at.y + margin * unit);
  doc.fillColor('#000000');
  doc.addContent(`${darkModulePath(modules.data, n)}f`);
  doc.restore();
}

/**
 * The dark modules of an `n`×`n` symbol (row-major, non-zero = dark) as `x y w h re` operators in module units:
 * each row's runs, a run repeated in the next rows drawn once as a taller rectangle.
 */
export function darkModulePath(data: ArrayLike<number>, n: number): string {
  // Rectangles still open: the run's start column → [top row, length]; closed when the next row lacks the run.
  let open = new Map<number, { top: number; length: number }>();
  const parts: string[] = [];
  const close = (start: number, rect: { top: number; length: number }, bottom: number) =>
    parts.push(`${start} ${rect.top} ${rect.length} ${bottom - rect.top} re\n`);
  for (let row = 0; row <= n; row++) {
    const next = new Map<number, { top: number; length: number }>();
    let col = 0;
    while (row < n && col < n) {
      if (data[row * n + col] === 0) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && data[row * n + col] !== 0) col++;
      const length = col - start;
      const above = open.get(start);
      if (above && above.length === length) {
        open.delete(start);
        next.set(start, above);
      } else next.set(start, { top: row, length });
    }
    for (const [start, rect] of open) close(start, rect, row);
    open = next;
  }
  return parts.join('');
}
