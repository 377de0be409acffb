import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '@hall/errors';
import type { Guide } from './guide.model.js';
import type { RenderRequest, RenderResponse } from './guide-render.worker.js';

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

interface Job {
  id: number;
  guide: Guide;
  resolve: (pdf: Buffer) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
}

const here = fileURLToPath(import.meta.url);
const WORKER_URL = new URL(`./guide-render.worker${path.extname(here)}`, import.meta.url);
// Run from TypeScript sources (npm start, the container, tests): the worker needs the same loader as the service.
const WORKER_EXEC_ARGV = path.extname(here) === '.ts' ? ['--import', '@swc-node/register/esm-register'] : [];

/**
 * Renders 办事指南 PDFs in worker threads (0.3–0.4 s of CPU each, which would otherwise stall the service's event
 * loop), with a bounded queue: when every worker is busy and `maxQueue` renders wait, the next is refused at once
 * (503 `GUIDE_RENDER_BUSY`, `retryAfterSeconds`) instead of piling up. Workers start on first use, are replaced
 * when one dies or times out, and never keep the process alive.
 */
export class GuideRenderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private paused = false;
  private closed = false;
  /** Renders completed by the workers (a cache hit renders nothing). */
  rendered = 0;

  constructor(private readonly options: GuideRenderPoolOptions = DEFAULT_GUIDE_RENDER_POOL) {}

  /** Renders waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Renders running in a worker. */
  get running(): number {
    return this.slots.filter((s) => s.job).length;
  }

  render(guide: Guide): Promise<Buffer> {
    if (this.closed) return Promise.reject(busy('the guide renderer is shutting down'));
    const idle = !this.paused && (this.slots.length < this.options.workers || this.slots.some((s) => !s.job));
    if (!idle && this.queue.length >= this.options.maxQueue) {
      return Promise.reject(
        busy(
          `${this.running} guides are being rendered and ${this.queue.length} wait; retry in ${GUIDE_RENDER_RETRY_AFTER_SECONDS} s`,
        ),
      );
    }
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, guide, resolve, reject });
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
    for (const job of this.queue.splice(0)) job.reject(busy('the guide renderer is shutting down'));
    await Promise.all(
      this.slots.splice(0).map(async (slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        slot.job?.reject(busy('the guide renderer is shutting down'));
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
          'GUIDE_RENDER_FAILED',
          `the guide could not be rendered within ${this.options.timeoutMs} ms; retry later`,
          503,
          {
            retryAfterSeconds: GUIDE_RENDER_RETRY_AFTER_SECONDS,
          },
        ),
      );
    }, this.options.timeoutMs);
    slot.timer.unref();
    slot.worker.postMessage({ id: job.id, guide: job.guide } satisfies RenderRequest);
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL, { execArgv: WORKER_EXEC_ARGV });
    worker.unref();
    const slot: Slot = { worker, job: undefined, timer: undefined };
    worker.on('message', (msg: RenderResponse) => {
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
            : new Error(`guide render failed: ${e.message}`),
        );
      }
      this.dispatch();
    });
    worker.on('error', (err) => this.fail(slot, new Error(`guide render worker failed: ${err.message}`)));
    worker.on('exit', (code) => this.fail(slot, new Error(`guide render worker exited (${code})`)));
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
}

function busy(message: string): AppError {
  return new AppError('GUIDE_RENDER_BUSY', `guide PDF: ${message}`, 503, {
    retryAfterSeconds: GUIDE_RENDER_RETRY_AFTER_SECONDS,
  });
}
