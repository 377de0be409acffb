/**
 * The issuer's seal (电子印章 image), drawn as vector graphics: a red double ring, a five-pointed star in the
 * middle, the issuer's name along the upper arc and a label below the star. Drawn, not loaded, so every issuing
 * body has one without an image file.
 */
const RED = '#d0021b';

function starPath(doc: PDFKit.PDFDocument, cx: number, cy: number, outer: number): void {
  const inner = outer * 0.382;
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const x = cx + r * Math.cos(a);
    const y = cy + r * Math.sin(a);
    if (i === 0) doc.moveTo(x, y);
    else doc.lineTo(x, y);
  }
  doc.closePath();
}

export function drawSeal(
  doc: PDFKit.PDFDocument,
  opts: { cx: number; cy: number; radius: number; issuer: string; label: string; font: string },
): void {
  const { cx, cy, radius, issuer, label, font } = opts;
  doc.save();
  doc.opacity(0.85);
  doc
    .lineWidth(radius * 0.06)
    .strokeColor(RED)
    .circle(cx, cy, radius)
    .stroke();
  doc
    .lineWidth(radius * 0.015)
    .circle(cx, cy, radius * 0.9)
    .stroke();
  starPath(doc, cx, cy, radius * 0.26);
  doc.fillColor(RED).fill();

  // Issuer name along the upper arc, from lower left (about 210°) over the top to lower right (about −30°).
  const chars = [...issuer];
  const size = Math.min(radius * 0.2, (Math.PI * 1.3 * radius * 0.72) / Math.max(chars.length, 1));
  const textRadius = radius * 0.72;
  const span = Math.min(Math.PI * 1.35, (chars.length * size * 1.05) / textRadius);
  doc.font(font).fontSize(size).fillColor(RED);
  chars.forEach((ch, i) => {
    const t = chars.length === 1 ? 0.5 : i / (chars.length - 1);
    const angle = -Math.PI / 2 - span / 2 + t * span; // screen coordinates: −π/2 is the top
    const x = cx + textRadius * Math.cos(angle);
    const y = cy + textRadius * Math.sin(angle);
    doc.save();
    doc.translate(x, y).rotate(((angle + Math.PI / 2) * 180) / Math.PI);
    // Centred by hand: a `width` would run PDFKit's line wrapper (line breaking, events) for each character.
    doc.text(ch, -doc.widthOfString(ch) / 2, -size / 2, { lineBreak: false });
    doc.restore();
  });
  const labelSize = radius * 0.13;
  doc.fontSize(labelSize);
  const w = doc.widthOfString(label);
  doc.text(label, cx - w / 2, cy + radius * 0.38, { lineBreak: false });
  doc.restore();
}
