import { parseConfig } from '@hall/platform';
import { z } from 'zod';

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
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(LOCKABLE_ELEMENTS)))
    .describe('Comma-separated extra locked elements (三级四同): competentDepartment, implementingBody'),
});

export interface CatalogConfig {
  /** Extra locked elements: an implementation differing from its base item in one of them → 422 LOCKED_ELEMENT. */
  lockedElements: ReadonlySet<LockableElement>;
}

/** Reads the catalog's settings; a bad value names the variable (ConfigError) and stops the start. */
export function catalogConfigFromEnv(env: Record<string, string | undefined> = process.env): CatalogConfig {
  const parsed = parseConfig(CatalogEnvSchema, env);
  return { lockedElements: new Set(parsed.CATALOG_LOCKED_ELEMENTS) };
}
