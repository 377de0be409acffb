import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '@hall/errors';
import type { PoolRequest, PoolResponse } from './render-pool.worker.js';

export interface PdfRenderPoolOptions {
  /** Worker threads rendering at once (each holds one CPU while it renders). */
  readonly workers: number;
  /** Renders waiting for a worker beyond those running; one more is refused at once (`codes.busy`, 503). */
  readonly maxQueue: number;
  /** A render taking longer is abandoned (its worker is replaced) with `codes.failed` (503). */
  readonly timeoutMs: number;
  /** Error codes and the document named in their messages (e.g. `GUIDE_RENDER_BUSY`, 'guide PDF'). */
  readonly codes: { readonly busy: string; readonly failed: string };
  readonly document: string;
  /** What a client waits before trying again (details.retryAfterSeconds of the 503s). */
  readonly retryAfterSeconds: number;
}

/**
 * A renderer a worker can run: the module (a URL from {@link rendererModule}) and the name of an export taking a
 * structured-clonable input and returning the PDF bytes (or a promise of them).
 */
export interface PdfRenderer<I> {
  readonly module: string;
  readonly exportName: string;
  /** Type marker only. */
  readonly input?: I;
}

/**
 * The renderer `exportName` of the module next to `importMetaUrl` named `baseName` (no extension): `.ts` when
 * running from sources (npm start, tests), `.js` in the compiled image — the extension of the calling module.
 */
export function rendererModule<I>(
  importMetaUrl: string,
  baseName: string,
  exportName: string,
): PdfRenderer<I> {
  const ext = path.extname(fileURLToPath(importMetaUrl));
  return { module: new URL(`./${baseName}${ext}`, importMetaUrl).href, exportName };
}

interface Job {
  id: number;
  request: PoolRequest;
  resolve: (pdf: Buffer) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
}

const here = fileURLToPath(import.meta.url);
const WORKER_URL = new URL(`./render-pool.worker${path.extname(here)}`, import.meta.url);
// Run from TypeScript sources (npm start, tests): the worker needs the same loader as the service.
const WORKER_EXEC_ARGV = path.extname(here) === '.ts' ? ['--import', '@swc-node/register/esm-register'] : [];

/**
 * Renders PDFs in worker threads, off the service's event loop (a 办事指南 costs 0.3–0.4 s of CPU, a licence 10–20 ms
 * and the first render of a thread ~0.3 s to parse the CJK face), with a bounded queue: when every worker is busy
 * and `maxQueue` renders wait, the next is refused at once (503 `codes.busy`, `retryAfterSeconds`) instead of piling
 * up. Workers start on first use, keep their parsed font and shaped words between renders, are replaced when one
 * dies or times out, and never keep the process alive. Each job names its renderer module, which the worker imports
 * once.
 */
export class PdfRenderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private paused = false;
  private closed = false;
  /** Renders completed by the workers. */
  rendered = 0;

  constructor(private readonly options: PdfRenderPoolOptions) {}

  /** Renders waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Renders running in a worker. */
  get running(): number {
    return this.slots.filter((s) => s.job).length;
  }

  render<I>(renderer: PdfRenderer<I>, input: I): Promise<Buffer> {
    if (this.closed)
      return Promise.reject(this.busy(`the ${this.options.document} renderer is shutting down`));
    const idle = !this.paused && (this.slots.length < this.options.workers || this.slots.some((s) => !s.job));
    if (!idle && this.queue.length >= this.options.maxQueue) {
      return Promise.reject(
        this.busy(
          `${this.running} are being rendered and ${this.queue.length} wait; retry in ${this.options.retryAfterSeconds} s`,
        ),
      );
    }
    return new Promise<Buffer>((resolve, reject) => {
      const id = this.nextId++;
      this.queue.push({
        id,
        request: { id, module: renderer.module, exportName: renderer.exportName, input },
        resolve,
        reject,
      });
      this.dispatch();
    });
  }

  /** Holds the queue: renders are accepted (up to the bound) but not started until `resume()` (maintenance, tests). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.dispatch();
  }

  /** Stops the workers; waiting and running renders fail with 503. */
  async close(): Promise<void> {
    this.closed = true;
    const closing = () => this.busy(`the ${this.options.document} renderer is shutting down`);
    for (const job of this.queue.splice(0)) job.reject(closing());
    await Promise.all(
      this.slots.splice(0).map(async (slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        slot.job?.reject(closing());
        slot.job = undefined;
        await slot.worker.terminate();
      }),
    );
  }

  private dispatch(): void {
    while (!this.paused && !this.closed && this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.options.workers) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift();
      if (!job) return;
      this.start(slot, job);
    }
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.timer = setTimeout(() => {
      this.fail(
        slot,
        new AppError(
          this.options.codes.failed,
          `the ${this.options.document} could not be rendered within ${this.options.timeoutMs} ms; retry later`,
          503,
          { retryAfterSeconds: this.options.retryAfterSeconds },
        ),
      );
    }, this.options.timeoutMs);
    slot.timer.unref();
    slot.worker.postMessage(job.request);
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL, { execArgv: WORKER_EXEC_ARGV });
    worker.unref();
    const slot: Slot = { worker, job: undefined, timer: undefined };
    worker.on('message', (msg: PoolResponse) => {
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      if (slot.timer) clearTimeout(slot.timer);
      slot.job = undefined;
      slot.timer = undefined;
      if ('pdf' in msg) {
        this.rendered++;
        job.resolve(Buffer.from(msg.pdf));
      } else {
        const e = msg.error;
        job.reject(
          e.code
            ? new AppError(e.code, e.message, e.status ?? 500, e.details)
            : new Error(`${this.options.document} render failed: ${e.message}`),
        );
      }
      this.dispatch();
    });
    const document = this.options.document;
    worker.on('error', (err) =>
      this.fail(slot, new Error(`${document} render worker failed: ${err.message}`)),
    );
    worker.on('exit', (code) => this.fail(slot, new Error(`${document} render worker exited (${code})`)));
    this.slots.push(slot);
    return slot;
  }

  /** Drops a broken or stuck worker (its render fails with `err`); the next render starts a fresh one. */
  private fail(slot: Slot, err: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.timer) clearTimeout(slot.timer);
    slot.job?.reject(err);
    slot.job = undefined;
    void slot.worker.terminate();
    this.dispatch();
  }

  private busy(message: string): AppError {
    return new AppError(this.options.codes.busy, `${this.options.document}: ${message}`, 503, {
      retryAfterSeconds: this.options.retryAfterSeconds,
    });
  }
}
