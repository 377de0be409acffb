import { z } from 'zod';

/** Wrappers that hold one inner schema under `innerType` (optional, default, …). */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/**
 * The same schema with every object in it (nested ones, array elements, union options, wrapped ones) refusing
 * unknown properties, as `.strict()` does for one level. For request bodies that reuse objects of event contracts:
 * a contract stays a tolerant reader for events, its input at the HTTP boundary refuses what it does not know
 * (no mass assignment). Checks, refinements, defaults and descriptions are kept. zod only (browser-safe): the HTTP
 * contracts build their input schemas with it; `@hall/platform` re-exports it.
 */
export function strictDeep<S extends z.ZodType>(schema: S): S {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  let out: z.ZodType;
  if (def.type === 'object') {
    const shape = Object.fromEntries(
      Object.entries(def['shape'] as Record<string, z.ZodType>).map(([k, v]) => [k, strictDeep(v)]),
    );
    out = schema.clone({ ...def, shape, catchall: z.never() } as never);
  } else if (def.type === 'array') {
    out = schema.clone({ ...def, element: strictDeep(def['element'] as z.ZodType) } as never);
  } else if (def.type === 'union') {
    out = schema.clone({ ...def, options: (def['options'] as z.ZodType[]).map(strictDeep) } as never);
  } else if (def.type === 'pipe') {
    out = schema.clone({ ...def, in: strictDeep(def['in'] as z.ZodType) } as never);
  } else if (WRAPPERS.has(def.type)) {
    out = schema.clone({ ...def, innerType: strictDeep(def['innerType'] as z.ZodType) } as never);
  } else {
    return schema;
  }
  const meta = z.globalRegistry.get(schema);
  if (meta) z.globalRegistry.add(out, meta);
  return out as S;
}
