/**
 * Worker thread of the guide render pool (`guide-render.pool.ts`): renders one 办事指南 PDF per message, off the
 * service's event loop. In: `{ id, guide }`; out: `{ id, pdf }` (the bytes' ArrayBuffer, transferred) or
 * `{ id, error }` (an AppError's code, message, status and details, or a plain message).
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '@hall/errors';
import type { Guide } from './guide.model.js';
import { renderGuidePdf } from './guide.pdf.js';

export interface RenderRequest {
  id: number;
  guide: Guide;
}

export type RenderResponse =
  | { id: number; pdf: ArrayBuffer }
  | {
      id: number;
      error: { code?: string; message: string; status?: number; details?: Record<string, unknown> };
    };

const port = parentPort;
if (port) {
  port.on('message', (msg: RenderRequest) => {
    renderGuidePdf(msg.guide).then(
      (pdf) => {
        const bytes = new Uint8Array(pdf).buffer; // a copy of its own, so it can be transferred
        port.postMessage({ id: msg.id, pdf: bytes } satisfies RenderResponse, [bytes]);
      },
      (err: unknown) => {
        const error =
          err instanceof AppError
            ? {
                code: err.code,
                message: err.message,
                status: err.status,
                ...(err.details && { details: err.details }),
              }
            : { message: err instanceof Error ? err.message : String(err) };
        port.postMessage({ id: msg.id, error } satisfies RenderResponse);
      },
    );
  });
}
