import { PdfRenderPool, rendererModule } from '@hall/pdf';
import type { Guide } from './guide.model.js';

export interface GuideRenderPoolOptions {
  /** Worker threads rendering at once (each holds one CPU while it renders). */
  readonly workers: number;
  /** Renders waiting for a worker beyond those running; one more → 503 GUIDE_RENDER_BUSY. */
  readonly maxQueue: number;
  /** A render taking longer is abandoned (its worker is replaced) with 503 GUIDE_RENDER_FAILED. */
  readonly timeoutMs: number;
}

export const DEFAULT_GUIDE_RENDER_POOL: GuideRenderPoolOptions = Object.freeze({
  workers: 1,
  maxQueue: 16,
  timeoutMs: 30_000,
});

/** What a client waits before trying again when the queue is full (a render takes well under a second). */
export const GUIDE_RENDER_RETRY_AFTER_SECONDS = 5;

/** `renderGuidePdf` of `guide.pdf.ts`, as the worker threads load it (the compiled `.js` in the image). */
const GUIDE_RENDERER = rendererModule<Guide>(import.meta.url, 'guide.pdf', 'renderGuidePdf');

/**
 * Renders 办事指南 PDFs (0.3–0.4 s of CPU each, which would otherwise stall the service's event loop) in the shared
 * bounded worker pool of `@hall/pdf`: when every worker is busy and `maxQueue` renders wait, the next is refused at
 * once (503 `GUIDE_RENDER_BUSY`, `retryAfterSeconds`); a render over `timeoutMs` fails with 503
 * `GUIDE_RENDER_FAILED` and its worker is replaced.
 */
export class GuideRenderPool extends PdfRenderPool {
  constructor(options: GuideRenderPoolOptions = DEFAULT_GUIDE_RENDER_POOL) {
    super({
      ...options,
      codes: { busy: 'GUIDE_RENDER_BUSY', failed: 'GUIDE_RENDER_FAILED' },
      document: 'guide PDF',
      retryAfterSeconds: GUIDE_RENDER_RETRY_AFTER_SECONDS,
    });
  }

  renderGuide(guide: Guide): Promise<Buffer> {
    return this.render(GUIDE_RENDERER, guide);
  }
}
