/**
 * URL parameters (query string and route params) read through a zod schema instead of `as` casts. Each field is
 * parsed on its own: a value that fails its field's schema (a hand-edited or stale link) falls back to what the
 * field gives for a missing value — its default, or undefined — so a bad link never breaks a screen.
 *
 * `zod/mini`: the schemas here ship in the production bundle, which otherwise carries no zod (see `api/http.ts`).
 */
import * as z from 'zod/mini';

/** A schema for URL values: an object whose every field takes a string or nothing (optional or with a default). */
export type UrlSchema = z.ZodMiniObject;

/** Parses `values` (each key's string or undefined) field by field; a failing field takes its missing-value result. */
export function parseUrlValues<S extends UrlSchema>(
  schema: S,
  get: (key: string) => string | undefined,
): z.output<S> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const raw = get(key);
    const parsed = z.safeParse(field, raw === '' ? undefined : raw);
    if (parsed.success) out[key] = parsed.data;
    else {
      const missing = z.safeParse(field, undefined);
      out[key] = missing.success ? missing.data : undefined;
    }
  }
  return out as z.output<S>;
}

export function parseSearchParams<S extends UrlSchema>(schema: S, params: URLSearchParams): z.output<S> {
  return parseUrlValues(schema, (key) => params.get(key) ?? undefined);
}

export function parseRouteParams<S extends UrlSchema>(
  schema: S,
  params: Readonly<Record<string, string | undefined>>,
): z.output<S> {
  return parseUrlValues(schema, (key) => params[key]);
}

/** A page number of a paged list: a positive integer, 1 when missing or not one. */
export const pageParam = z._default(z.coerce.number().check(z.int(), z.minimum(1)), 1);

/** `/…/:no` routes: an application (办件) number, '' when missing. */
export const ApplicationNoRoute = z.object({ no: z._default(z.string(), '') });

/** `/…/:code` routes: an item or implementation code, '' when missing. */
export const CodeRoute = z.object({ code: z._default(z.string(), '') });
