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
 * modules, each row's consecutive dark modules joined into one rectangle. No raster image is made: a PNG from the
 * encoder, decoded and re-compressed by PDFKit, cost about 8 % of the CPU of a whole case (issue 22), and the vector
 * symbol stays sharp at any zoom or print resolution.
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
  const left = at.x + margin * unit;
  const top = at.y + margin * unit;
  doc.save();
  doc.rect(at.x, at.y, at.size, at.size).fill('#ffffff');
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (modules.get(row, col) === 0) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col) !== 0) col++;
      doc.rect(left + start * unit, top + row * unit, (col - start) * unit, unit);
    }
  }
  doc.fill('#000000');
  doc.restore();
}
