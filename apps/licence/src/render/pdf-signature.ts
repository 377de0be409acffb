import { buildSignedData, sm3Bytes, type CmsSigner } from '../signing/cms.js';

/**
 * The PDF's own signature (PAdES-style, ISO 32000-1 §12.8 with `/SubFilter /ETSI.CAdES.detached`): an invisible
 * signature field whose `/V` dictionary holds `/ByteRange` (the whole file except the `/Contents` hex string) and
 * `/Contents` (a detached CMS SignedData, SM2 with SM3, see `signing/cms.ts`).
 *
 * Written here, without `@signpdf/*`: those packages add the placeholder the same way (pdfkit objects, then a
 * byte-range fix-up) but their signer and CMS are built on node-forge, which has no SM2; what would remain of
 * them is the ~40 lines below. Two steps, because the digest covers the finished file: `addSignaturePlaceholder`
 * while pdfkit writes the document, `fillSignature` on the finished bytes.
 */

/**
 * Bytes reserved for the CMS, written as hex (twice as many characters). The CMS is about 300 bytes; the rest
 * leaves room for a timestamp token later. Verifiers do not depend on this size, so it can grow.
 */
export const SIGNATURE_CONTENTS_BYTES = 2048;
const BYTE_RANGE_PLACEHOLDER = '**********';
const BYTE_RANGE_TEXT = `/ByteRange [0 /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER}]`;
/** `/Reason` names the licence; it lies inside the signed bytes, so verifiers know which licence the file claims to be. */
export const REASON_PREFIX = 'e-licence ';

interface PdfKitInternals {
  _root?: {
    data: { AcroForm?: { data: { Fields: unknown[]; SigFlags?: number; NeedAppearances?: boolean } } };
  };
}

export interface SignatureFieldInfo {
  identifier: string;
  issuerName: string;
  jurisdiction: string;
  signingTime: Date;
}

/** Adds the signature field and its dictionary with placeholders; call after the last page is drawn, before `end()`. */
export function addSignaturePlaceholder(doc: PDFKit.PDFDocument, info: SignatureFieldInfo): void {
  const sig = doc.ref({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
    // pdfkit writes JS strings as names: `[0 /********** …]`, replaced by the real offsets in `fillSignature`.
    ByteRange: [0, BYTE_RANGE_PLACEHOLDER, BYTE_RANGE_PLACEHOLDER, BYTE_RANGE_PLACEHOLDER],
    Contents: Buffer.alloc(SIGNATURE_CONTENTS_BYTES),
    Reason: new String(`${REASON_PREFIX}${info.identifier}`),
    Name: new String(info.issuerName),
    Location: new String(info.jurisdiction),
    M: info.signingTime,
  });
  sig.end(undefined); // @types/pdfkit declares end(chunk); no chunk: write the dictionary as it is
  const widget = doc.ref({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: new String('licence-signature'),
    Rect: [0, 0, 0, 0], // invisible: the drawn seal is the visible mark
    F: 132, // Print | Locked
    P: doc.page.dictionary,
    V: sig,
  });
  widget.end(undefined);
  (doc.page.annotations as unknown[]).push(widget);
  doc.initForm();
  const form = (doc as unknown as PdfKitInternals)._root?.data.AcroForm;
  if (!form) throw new Error('pdfkit internals changed: no AcroForm after initForm()');
  form.data.Fields.push(widget);
  form.data.SigFlags = 3; // SignaturesExist | AppendOnly
  delete form.data.NeedAppearances;
}

/** Fills the byte range and the CMS into a PDF made with `addSignaturePlaceholder`; returns the signed file. */
export function fillSignature(pdf: Buffer, signer: CmsSigner, signingTime: Date): Buffer {
  const out = Buffer.from(pdf);
  const text = out.toString('latin1');
  const at = text.indexOf(BYTE_RANGE_TEXT);
  if (at < 0 || text.indexOf(BYTE_RANGE_TEXT, at + 1) >= 0)
    throw new Error('expected exactly one signature placeholder');
  const contentsAt = text.indexOf('/Contents <', at);
  const start = contentsAt + '/Contents '.length; // the `<`
  const end = start + 2 + 2 * SIGNATURE_CONTENTS_BYTES; // after the `>`
  if (contentsAt < 0 || text[end - 1] !== '>' || !/^0+$/.test(text.slice(start + 1, end - 1)))
    throw new Error('signature /Contents placeholder not found');
  const range = `/ByteRange [0 ${start} ${end} ${out.length - end}]`;
  if (range.length > BYTE_RANGE_TEXT.length) throw new Error('PDF too large for the byte range placeholder');
  out.write(range.padEnd(BYTE_RANGE_TEXT.length, ' '), at, 'latin1');
  const digest = sm3Bytes(out.subarray(0, start), out.subarray(end));
  const cms = buildSignedData(digest, signer, signingTime).toString('hex');
  if (cms.length > 2 * SIGNATURE_CONTENTS_BYTES) throw new Error('CMS larger than the reserved /Contents');
  out.write(cms, start + 1, 'latin1');
  return out;
}
