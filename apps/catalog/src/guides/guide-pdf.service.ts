import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Guide } from './guide.model.js';
import type { GuideRenderPool } from './guide-render.pool.js';

/**
 * Bump when `guide.pdf.ts` changes what it draws: cached PDFs of the old layout are then no longer found. (The
 * guide's content, version included, is already part of the key, so a new version never hits an old PDF.)
 */
export const GUIDE_PDF_LAYOUT = 1;

/**
 * 办事指南 PDFs, rendered once per published content: a disk cache keyed by the SHA-256 of the guide model (the
 * implementation code and version are in it, so a new version is a new key and nothing is ever invalidated), one
 * render for concurrent requests of the same guide, renders in the worker pool. Only published versions can be
 * requested, so the cache holds at most one file per (code, version).
 */
export class GuidePdfService {
  private readonly inflight = new Map<string, Promise<Buffer>>();

  constructor(
    readonly pool: GuideRenderPool,
    private readonly cacheDir: string,
    private readonly logger?: { warn(message: string): void },
  ) {}

  async pdf(guide: Guide): Promise<Buffer> {
    const key = createHash('sha256')
      .update(`${GUIDE_PDF_LAYOUT}\n${JSON.stringify(guide)}`)
      .digest('hex');
    const running = this.inflight.get(key);
    if (running) return running;
    const cached = await this.read(key);
    if (cached) return cached;
    const again = this.inflight.get(key); // another request started it while the cache was read
    if (again) return again;
    const render = this.renderAndStore(key, guide).finally(() => this.inflight.delete(key));
    this.inflight.set(key, render);
    return render;
  }

  private file(key: string): string {
    return path.join(this.cacheDir, `${key}.pdf`);
  }

  private async read(key: string): Promise<Buffer | undefined> {
    try {
      const pdf = await readFile(this.file(key));
      // Written by rename only, so never partial; still, anything that is not a whole PDF is rendered again.
      return pdf.subarray(0, 5).toString('latin1') === '%PDF-' &&
        pdf.subarray(-8).toString('latin1').includes('%%EOF')
        ? pdf
        : undefined;
    } catch {
      return undefined;
    }
  }

  private async renderAndStore(key: string, guide: Guide): Promise<Buffer> {
    const pdf = await this.pool.renderGuide(guide);
    const tmp = path.join(this.cacheDir, `.${key}.${randomUUID()}.tmp`);
    try {
      await mkdir(this.cacheDir, { recursive: true });
      await writeFile(tmp, pdf);
      await rename(tmp, this.file(key));
    } catch (err) {
      // A cache that cannot be written costs a render next time, not this answer.
      this.logger?.warn(`guide PDF cache: cannot write ${this.cacheDir}: ${(err as Error).message}`);
      await rm(tmp, { force: true }).catch(() => undefined);
    }
    return pdf;
  }
}
