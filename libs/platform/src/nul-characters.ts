import { AppError } from '@hall/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { correlationIdOf, toErrorBody } from './http-exception.filter.js';

/** Where a request carried the NUL character. */
export type NulLocation = 'path' | 'query' | 'body' | 'header';

export interface NulFinding {
  /** Dotted path of the offending value or property name (`comment`, `materials.1.name`, `code`). */
  readonly field: string;
  readonly location: NulLocation;
}

const NUL = '\u0000';
const MAX_NAME = 64;

/** A property name as an error names it: NUL spelt `\u0000`, long names cut. */
const nameOf = (key: string): string => {
  const shown = key.replaceAll(NUL, '\\u0000');
  return shown.length > MAX_NAME ? `${shown.slice(0, MAX_NAME)}…` : shown;
};

/**
 * The first string (value or property name) holding U+0000 in a parsed value, depth-first in document order, or
 * undefined. Iterative: a deeply nested JSON body cannot overflow the stack.
 */
export function findNul(value: unknown, root: string): string | undefined {
  const stack: Array<{ value: unknown; at: string }> = [{ value, at: root }];
  const join = (at: string, key: string) => (at === '' ? key : `${at}.${key}`);
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined) break;
    const { value: v, at } = next;
    if (typeof v === 'string') {
      if (v.includes(NUL)) return at === '' ? '(body)' : at;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], at: join(at, String(i)) });
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const entries = Object.entries(v as Record<string, unknown>);
      for (const [key] of entries) if (key.includes(NUL)) return join(at, nameOf(key));
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        stack.push({ value: child, at: join(at, nameOf(key)) });
      }
    }
  }
  return undefined;
}

/** Nesting below which {@link mayHoldNul} scans itself; deeper values are left to {@link findNul}'s iterative scan. */
const QUICK_DEPTH = 16;

/**
 * Whether a parsed value may hold U+0000 (in a string or a property name): false only when it surely does not. A
 * scan without allocations, for the common case (nothing found) on every request; {@link findNul} then names the
 * field of a hit. Values nested deeper than {@link QUICK_DEPTH} answer true (the iterative scan decides).
 */
export function mayHoldNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return false;
  if (depth >= QUICK_DEPTH) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (mayHoldNul(item, depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key.includes(NUL) || mayHoldNul((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/** The first NUL character in what the request carries: path parameters, query string, headers, parsed body. */
export function nulInRequest(
  request: Pick<FastifyRequest, 'params' | 'query' | 'headers' | 'body'>,
): NulFinding | undefined {
  const sources: Array<[NulLocation, unknown, string]> = [
    ['path', request.params, ''],
    ['query', request.query, ''],
    ['header', request.headers, ''],
    ['body', request.body, ''],
  ];
  for (const [location, value, root] of sources) {
    if (!mayHoldNul(value)) continue;
    const field = findNul(value, root);
    if (field !== undefined) return { field: location === 'header' ? `headers.${field}` : field, location };
  }
  return undefined;
}

/**
 * Refuses U+0000 anywhere at the boundary of a service (issue 18): PostgreSQL text cannot store it, so a NUL that
 * reached a query or an insert used to surface as a 500. Every route gets a `preValidation` hook (after routing and
 * body parsing, before Nest's guards, pipes and handlers) that answers 400 `VALIDATION_FAILED` naming the field.
 * Binary bodies (raw Buffers, multipart streams) are not strings and are not inspected. Register before the routes.
 */
export function registerNulRefusal(fastify: FastifyInstance): void {
  // A callback hook (not async): the common case, no NUL, costs one scan and no promise.
  fastify.addHook('preValidation', (request, reply, done) => {
    const found = nulInRequest(request);
    if (found === undefined) {
      done();
      return;
    }
    const message = 'must not contain the NUL character (U+0000)';
    const error = AppError.validation(found.field, message, {
      location: found.location,
      issues: [{ field: found.field, message, code: 'nul_character' }],
    });
    const correlationId = correlationIdOf(request);
    // Answering without calling `done` stops the chain (Fastify's hooks: respond from a callback hook).
    void reply
      .status(400)
      .header('x-correlation-id', correlationId)
      .header('content-type', 'application/json; charset=utf-8')
      .send(toErrorBody(error, correlationId));
  });
}
