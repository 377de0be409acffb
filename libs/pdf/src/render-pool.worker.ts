/**
 * Worker thread of {@link PdfRenderPool} (`render-pool.ts`): renders one PDF per message, off the service's event
 * loop. In: `{ id, module, exportName, input }` — the renderer module is imported once per thread; out:
 * `{ id, pdf }` (the bytes' ArrayBuffer, transferred) or `{ id, error }` (an AppError's code, message, status and
 * details, or a plain message).
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '@hall/errors';

export interface PoolRequest {
  id: number;
  module: string;
  exportName: string;
  input: unknown;
}

export type PoolResponse =
  | { id: number; pdf: ArrayBuffer }
  | {
      id: number;
      error: { code?: string; message: string; status?: number; details?: Record<string, unknown> };
    };

type Renderer = (input: unknown) => Uint8Array | Promise<Uint8Array>;
const renderers = new Map<string, Promise<Renderer>>();

function rendererOf(module: string, exportName: string): Promise<Renderer> {
  const key = `${module}#${exportName}`;
  let found = renderers.get(key);
  if (!found) {
    found = import(module).then((m: Record<string, unknown>) => {
      const fn = m[exportName];
      if (typeof fn !== 'function') throw new Error(`${module} has no function ${exportName}`);
      return fn as Renderer;
    });
    // A failed import is not kept: the next job tries again.
    found.catch(() => renderers.delete(key));
    renderers.set(key, found);
  }
  return found;
}

const port = parentPort;
if (port) {
  port.on('message', (msg: PoolRequest) => {
    rendererOf(msg.module, msg.exportName)
      .then((render) => render(msg.input))
      .then(
        (pdf) => {
          const bytes = new Uint8Array(pdf).buffer; // a copy of its own, so it can be transferred
          port.postMessage({ id: msg.id, pdf: bytes } satisfies PoolResponse, [bytes]);
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
          port.postMessage({ id: msg.id, error } satisfies PoolResponse);
        },
      );
  });
}
