export {
  CJK_FONT_DEBIAN_PACKAGE,
  CJK_FONT_ENV,
  CJK_FONT_NPM_PACKAGE,
  hasCjkFont,
  KNOWN_CJK_FONTS,
  loadCjkFont,
  packagedCjkFont,
  parsedCjkFace,
  readPostscriptNames,
  resolveCjkFont,
  type CjkFont,
  type CjkFontCandidate,
  type CjkFontOptions,
} from './cjk-font.js';
export { CJK_FONT_NAME, renderPdf, type RenderPdfOptions } from './render-pdf.js';
export { inspectPdf, pdftotext, type PdfInspection } from './pdf-text.js';
export { drawQrCode, encodeQr, type QrPlacement } from './qr-code.js';
export { PdfRenderPool, rendererModule, type PdfRenderer, type PdfRenderPoolOptions } from './render-pool.js';
