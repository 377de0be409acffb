import { PdfRenderPool, rendererModule } from '@hall/pdf';
import { LicenceErrorCode } from '../licence.errors.js';
import {
  renderLicencePdf,
  type LicenceDocumentInput,
  type PrintableLicence,
  type RenderOptions,
} from './licence-pdf.js';
import { fillSignature } from './pdf-signature.js';

/** `renderLicenceDocument` of `licence-pdf.ts`, as the worker threads load it (the compiled `.js` in the image). */
export const LICENCE_RENDERER = rendererModule<LicenceDocumentInput>(
  import.meta.url,
  'licence-pdf',
  'renderLicenceDocument',
);

/** Renders waiting for a thread (the render worker claims a few at a time; shared copies are rendered on request). */
const MAX_QUEUE = 32;
const TIMEOUT_MS = 60_000;
const RETRY_AFTER_SECONDS = 5;

/**
 * Licence PDFs rendered in worker threads (`@hall/pdf`'s bounded pool), signed here: the thread lays the licence out
 * with the signature placeholders, the service — which alone holds the signing keys — fills in the SM2 signature
 * (`fillSignature`, ~2 ms). With `threads = 0` the same renderer runs in the event loop. The bytes are the same
 * either way (the layout is deterministic; only the signature's nonce differs between two signings).
 */
export class LicencePdfRenderer {
  readonly pool: PdfRenderPool | undefined;

  constructor(threads: number) {
    this.pool =
      threads > 0
        ? new PdfRenderPool({
            workers: threads,
            maxQueue: MAX_QUEUE,
            timeoutMs: TIMEOUT_MS,
            codes: { busy: LicenceErrorCode.RenderBusy, failed: LicenceErrorCode.RenderFailed },
            document: 'licence PDF',
            retryAfterSeconds: RETRY_AFTER_SECONDS,
          })
        : undefined;
  }

  async render(licence: PrintableLicence, opts: RenderOptions): Promise<Buffer> {
    if (!this.pool) return renderLicencePdf(licence, opts);
    const { signature, ...layout } = opts;
    const pdf = await this.pool.render(LICENCE_RENDERER, {
      licence,
      ...layout,
      ...(signature && { signingTime: signature.signingTime }),
    });
    return signature ? fillSignature(pdf, signature.signer, signature.signingTime) : pdf;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
