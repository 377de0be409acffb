export {
  CJK_FONT_DEBIAN_PACKAGE,
  CJK_FONT_ENV,
  hasCjkFont,
  KNOWN_CJK_FONTS,
  loadCjkFont,
  parsedCjkFace,
  readPostscriptNames,
  resolveCjkFont,
  type CjkFont,
  type CjkFontCandidate,
  type CjkFontOptions,
} from './cjk-font.js';
export { inspectPdf, pdftotext, type PdfInspection } from './pdf-text.js';
