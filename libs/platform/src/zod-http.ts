import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  type PipeTransform,
} from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z, ZodError } from 'zod';
import { AppError } from '@hall/errors';

/** `strictDeep` lives with the HTTP contracts (browser-safe); re-exported here for the services and tests. */
export { strictDeep } from '@hall/contracts';

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
      ApiQuery({
        name,
        required: !(field as z.ZodType).safeParse(undefined).success,
        schema: jsonSchema(field as z.ZodType) as never,
      }),
    ),
  );
}

/**
 * A client's input that does not match its schema. Only this becomes a 400 VALIDATION_FAILED naming the field (see
 * HttpErrorFilter); a bare `ZodError` (stored data or an upstream answer failing its schema) is the server's fault.
 */
export class InputValidationError extends Error {
  constructor(readonly zodError: ZodError) {
    super(zodError.message);
    this.name = 'InputValidationError';
  }
}

function asInputError(err: unknown): unknown {
  return err instanceof ZodError ? new InputValidationError(err) : err;
}

/** Parses transport input; a failure becomes a 400 VALIDATION_FAILED naming the field (see HttpErrorFilter). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  try {
    return schema.parse(input);
  } catch (err) {
    throw asInputError(err);
  }
}

class ZodPipe implements PipeTransform {
  constructor(private readonly parse: (value: unknown) => unknown) {}
  transform(value: unknown): unknown {
    return this.parse(value);
  }
}

type RequestPart = 'body' | 'query' | 'params';

/**
 * A part of the request, as a custom parameter decorator: Swagger documents it from the zod schema only (Nest's own
 * `@Body()` would make Swagger read the parameter's design type, which for `body: X` is the zod schema named X).
 */
const requestPart = createParamDecorator(
  (part: RequestPart, ctx: ExecutionContext) =>
    ctx.switchToHttp().getRequest<Record<RequestPart, unknown>>()[part],
);

/** A method decorator applied from inside a parameter decorator (same metadata as on the method itself). */
function onMethod(decorator: MethodDecorator, target: object, key: string | symbol | undefined): void {
  if (key === undefined)
    throw new Error('@Zod…() decorates a route handler parameter, not a constructor parameter');
  decorator(target, key, Object.getOwnPropertyDescriptor(target, key) as TypedPropertyDescriptor<unknown>);
}

/**
 * The request body, parsed by `schema` and documented by it in OpenAPI: `@ZodBody(X) body: X`. An absent body is
 * read as `{}`. A mismatch is a 400 VALIDATION_FAILED naming the field; the handler only ever sees parsed input.
 */
export function ZodBody(schema: z.ZodType, description?: string): ParameterDecorator {
  return (target, key, index) => {
    requestPart('body', new ZodPipe((value) => parseInput(schema, value ?? {})))(target, key, index);
    onMethod(ApiZodBody(schema, description), target, key);
  };
}

/** The query string, parsed strictly by `schema` (see parseQuery) and documented by it: `@ZodQuery(Q) query: Q`. */
export function ZodQuery(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    requestPart('query', new ZodPipe((value) => parseQuery(schema, value)))(target, key, index);
    onMethod(ApiZodQuery(schema), target, key);
  };
}

/** One path parameter parsed by `schema` (`@ZodParam('id', z.uuid()) id: string`); a mismatch is a 400 naming it. */
export function ZodParam(name: string, schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    const params = z.object({ [name]: schema });
    requestPart(
      'params',
      new ZodPipe((value) => {
        const raw = (value as Record<string, unknown>)[name];
        // The parameter alone first (no wrapper object to build and walk); a mismatch is parsed again in its
        // object, so that the 400 names the parameter.
        const alone = schema.safeParse(raw);
        return alone.success ? alone.data : parseInput(params, { [name]: raw })[name];
      }),
    )(target, key, index);
    onMethod(ApiParam({ name, required: true, schema: jsonSchema(schema) }), target, key);
  };
}

/** Wrappers that hold one inner schema under `innerType` (optional, default, …). */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

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
      throw AppError.validation(name, 'given more than once; give one value', {
        reason: 'repeated_parameter',
      });
    }
    if (kind === 'number' && typeof value === 'string' && !QUERY_NUMBER.test(value)) {
      throw AppError.validation(name, 'expected a decimal number', { reason: 'not_a_number' });
    }
  }
  return parseInput(schema, query);
}
