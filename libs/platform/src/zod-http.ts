import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

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
