import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { AppError } from '@hall/errors';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' });
}

/** OpenAPI request body generated from the same zod schema that validates it. */
export function ApiZodBody(schema: z.ZodType, description?: string) {
  return ApiBody({ schema: jsonSchema(schema) as never, description });
}

export function ApiZodResponse(status: number, schema: z.ZodType, description?: string) {
  return ApiResponse({ status, schema: jsonSchema(schema), description });
}

/** OpenAPI query parameters from a zod object schema. */
export function ApiZodQuery(schema: z.ZodObject) {
  return applyDecorators(
    ...Object.entries(schema.shape).map(([name, field]) =>
      ApiQuery({ name, required: !(field as z.ZodType).safeParse(undefined).success, schema: jsonSchema(field as z.ZodType) as never }),
    ),
  );
}

/** Parses transport input; a failure becomes a 400 VALIDATION_FAILED naming the field (see HttpErrorFilter). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  return schema.parse(input);
}

/** Wrappers that hold one inner schema under `innerType` (optional, default, …). */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/**
 * The same schema with every object in it (nested ones, array elements, union options, wrapped ones) refusing
 * unknown properties, as `.strict()` does for one level. For request bodies that reuse objects of event contracts:
 * a contract stays a tolerant reader for events, its input at the HTTP boundary refuses what it does not know
 * (no mass assignment). Checks, refinements, defaults and descriptions are kept.
 */
export function strictDeep<S extends z.ZodType>(schema: S): S {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  let out: z.ZodType;
  if (def.type === 'object') {
    const shape = Object.fromEntries(Object.entries(def['shape'] as Record<string, z.ZodType>).map(([k, v]) => [k, strictDeep(v)]));
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

/** The schema inside optional/default/… wrappers and the input side of pipes (transforms). */
function core(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
    if (WRAPPERS.has(def.type)) s = def['innerType'] as z.ZodType;
    else if (def.type === 'pipe') s = def['in'] as z.ZodType;
    else return s;
  }
}

/** A number as a query string may carry it: decimal digits, optionally signed and with a fraction. */
const QUERY_NUMBER = /^-?\d{1,15}(\.\d{1,15})?$/;

/**
 * Parses a route's query string (`@Query()`) against its zod object schema, strictly and the same way on every
 * route: a parameter the schema does not name → 400 (`?stauts=open` is a typo, never a silently unfiltered list);
 * a parameter given twice where the schema takes one value → 400; a number parameter must be written as a
 * decimal number (`z.coerce.number()` alone would read `?page=` as 0 and `?page=0x10` as 16); then the schema
 * itself (enums, dates, ranges). Each failure is 400 VALIDATION_FAILED with `details.field` = the parameter.
 */
export function parseQuery<S extends z.ZodObject>(schema: S, input: unknown): z.infer<S> {
  const query = (input ?? {}) as Record<string, unknown>;
  const shape = schema.shape as Record<string, z.ZodType>;
  const names = Object.keys(shape);
  for (const [name, value] of Object.entries(query)) {
    const field = shape[name];
    if (!Object.hasOwn(shape, name) || !field) {
      throw AppError.validation(
        name,
        `unknown query parameter${names.length ? ` (accepted: ${names.join(', ')})` : ' (this route takes none)'}`,
        { reason: 'unknown_parameter' },
      );
    }
    const kind = core(field)._zod.def.type;
    if (Array.isArray(value) && kind !== 'array') {
      throw AppError.validation(name, 'given more than once; give one value', { reason: 'repeated_parameter' });
    }
    if (kind === 'number' && typeof value === 'string' && !QUERY_NUMBER.test(value)) {
      throw AppError.validation(name, 'expected a decimal number', { reason: 'not_a_number' });
    }
  }
  return schema.parse(query);
}
