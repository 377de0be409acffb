// Renderers for render-pool.spec.ts, loaded by the pool's worker threads.
import { threadId } from 'node:worker_threads';
import { AppError } from '@hall/errors';
import { renderPdf } from './render-pdf.js';

/** A one-line PDF of `text`. */
export function textPdf(input: { text: string }): Promise<Buffer> {
  return renderPdf(
    { document: { size: 'A6', info: { CreationDate: new Date(0), ModDate: new Date(0) } } },
    (doc) => {
      doc.fontSize(14).text(input.text);
    },
  );
}

/** The id of the thread that ran it, as bytes (the main thread is 0). */
export function whichThread(): Uint8Array {
  return Buffer.from(String(threadId));
}

export function refuses(input: { code: string }): never {
  throw new AppError(input.code, 'refused by the fixture', 422, { field: 'text' });
}

export function crashes(): never {
  throw new TypeError('layout exploded');
}
