import { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type * as z from 'zod/mini';
import { parseRouteParams, parseSearchParams, type UrlSchema } from './url-schema.js';

/** Values the query string is updated with: a string or number sets the key, undefined or '' removes it. */
export type SearchPatch = Readonly<Record<string, string | number | undefined>>;

/**
 * The query string parsed with `schema` (a module-level constant; invalid values fall back to the field's
 * default), and `update(patch)` to change some keys, keeping the others.
 */
export function useSearchParamsSchema<S extends UrlSchema>(
  schema: S,
): [z.output<S>, (patch: SearchPatch) => void] {
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => parseSearchParams(schema, params), [schema, params]);
  const update = (patch: SearchPatch) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    setParams(next);
  };
  return [values, update];
}

/** The route's params parsed with `schema` (a module-level constant; invalid values fall back to the default). */
export function useParamsSchema<S extends UrlSchema>(schema: S): z.output<S> {
  const params = useParams();
  return useMemo(() => parseRouteParams(schema, params), [schema, params]);
}
