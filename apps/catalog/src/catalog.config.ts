import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '@hall/platform';
import { z } from 'zod';
import { DEFAULT_GUIDE_RENDER_POOL, type GuideRenderPoolOptions } from './guides/guide-render.pool.js';

/**
 * Elements a province may lock on the base item in addition to the four structural ones (name, base code,
 * type, legal basis — an implementation has no field for those at all): 主管部门 and 实施主体.
 */
export const LOCKABLE_ELEMENTS = ['competentDepartment', 'implementingBody'] as const;
export type LockableElement = (typeof LOCKABLE_ELEMENTS)[number];

/** The catalog's own settings (the platform's ServiceEnvSchema covers database, transport, auth, storage). */
export const CatalogEnvSchema = z.object({
  CATALOG_LOCKED_ELEMENTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(LOCKABLE_ELEMENTS)))
    .describe('Comma-separated extra locked elements (三级四同): competentDepartment, implementingBody'),
  CATALOG_GUIDE_RENDER_WORKERS: z.coerce
    .number()
    .int()
    .min(1)
    .max(16)
    .default(DEFAULT_GUIDE_RENDER_POOL.workers)
    .describe('Worker threads rendering 办事指南 PDFs at once'),
  CATALOG_GUIDE_RENDER_QUEUE: z.coerce
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(DEFAULT_GUIDE_RENDER_POOL.maxQueue)
    .describe('Guide PDF renders that may wait for a worker; beyond that 503 GUIDE_RENDER_BUSY'),
  CATALOG_GUIDE_CACHE_DIR: z
    .string()
    .optional()
    .transform((v) => (v === '' || v === undefined ? defaultGuideCacheDir() : v))
    .describe(
      'Directory of rendered guide PDFs (one file per published version; default: the system temp dir)',
    ),
});

/** Where rendered guide PDFs are kept unless CATALOG_GUIDE_CACHE_DIR says otherwise. */
export const defaultGuideCacheDir = (): string => path.join(os.tmpdir(), 'hall-catalog-guides');

/** Guide PDF rendering: the worker pool and the disk cache. */
export interface GuideRenderConfig extends GuideRenderPoolOptions {
  cacheDir: string;
}

export interface CatalogConfig {
  /** Extra locked elements: an implementation differing from its base item in one of them → 422 LOCKED_ELEMENT. */
  lockedElements: ReadonlySet<LockableElement>;
  /** Guide PDF rendering (default: DEFAULT_GUIDE_RENDER_POOL, cache in the system temp dir). */
  guides?: Partial<GuideRenderConfig>;
}

/** Reads the catalog's settings; a bad value names the variable (ConfigError) and stops the start. */
export function catalogConfigFromEnv(env: Record<string, string | undefined> = process.env): CatalogConfig {
  const parsed = parseConfig(CatalogEnvSchema, env);
  return {
    lockedElements: new Set(parsed.CATALOG_LOCKED_ELEMENTS),
    guides: {
      workers: parsed.CATALOG_GUIDE_RENDER_WORKERS,
      maxQueue: parsed.CATALOG_GUIDE_RENDER_QUEUE,
      cacheDir: parsed.CATALOG_GUIDE_CACHE_DIR,
    },
  };
}
