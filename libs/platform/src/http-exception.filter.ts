import { randomUUID } from 'node:crypto';
import {
  Catch,
  HttpException,
  type ArgumentsHost,
  type ExceptionFilter,
  type LoggerService,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { AppError } from '@hall/errors';
import { recordRequestFailure } from '@hall/telemetry';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { InputValidationError } from './zod-http.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  correlationId: string;
}

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * One zod issue as the error body lists it. An unknown property (`unrecognized_keys`, reported by zod on the
 * object that holds it) is named by its own path, e.g. `materials.0.isAdmin: unknown field`.
 */
function issueOf(issue: ZodError['issues'][number]): { field: string; message: string; code: string } {
  const at = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => [...at, k].join('.'));
    return {
      field: keys[0] ?? at.join('.'),
      message:
        keys.length > 1 ? `unknown field (also unknown: ${keys.slice(1).join(', ')})` : 'unknown field',
      code: issue.code,
    };
  }
  return { field: at.join('.'), message: issue.message, code: issue.code };
}

export function toErrorBody(exception: unknown, correlationId: string): ErrorBody {
  if (exception instanceof AppError) {
    return {
      statusCode: exception.status,
      code: exception.code,
      message: exception.message,
      details: exception.details,
      correlationId,
    };
  }
  // Only input parsed at the edge (@ZodBody/@ZodQuery/@ZodParam, parseInput) is the client's fault. A bare
  // ZodError is stored data or another service's answer failing its schema: a 500 below, its cause logged.
  if (exception instanceof InputValidationError) {
    const issues = exception.zodError.issues.map(issueOf);
    // An unknown field first: a misspelt field also leaves the intended one missing, the cause is the unknown one.
    const first = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
    const field = first?.field || '(body)';
    return {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: `${field}: ${first?.message ?? 'invalid'}`,
      details: { field, issues },
      correlationId,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse();
    const obj = typeof res === 'object' && res !== null ? (res as Record<string, unknown>) : {};
    const code = typeof obj.code === 'string' ? obj.code : (STATUS_CODES[status] ?? `HTTP_${status}`);
    const message =
      typeof obj.message === 'string'
        ? obj.message
        : Array.isArray(obj.message)
          ? obj.message.join('; ')
          : exception.message;
    return { statusCode: status, code, message, details: obj.details, correlationId };
  }
  // Fastify errors (body too large, bad JSON, unsupported content type) carry statusCode and code.
  const err = exception as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof err?.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return {
      statusCode: err.statusCode,
      code: typeof err.code === 'string' ? err.code : (STATUS_CODES[err.statusCode] ?? 'BAD_REQUEST'),
      message: typeof err.message === 'string' ? err.message : 'bad request',
      correlationId,
    };
  }
  if (isDatabaseUnavailable(exception)) {
    return {
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: 'the service database is unavailable; retry later',
      correlationId,
    };
  }
  return {
    statusCode: 500,
    code: 'INTERNAL_ERROR',
    message: 'internal error; quote the correlation id when reporting it',
    correlationId,
  };
}

/** The request's `X-Correlation-Id` when well-formed, else a new one (every error body carries it). */
export function correlationIdOf(request: Pick<FastifyRequest, 'headers'>): string {
  const header = request.headers['x-correlation-id'];
  return typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
}

/** One filter for every HTTP error: structured body, correlation id, 5xx causes logged (never sent). */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: LoggerService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const correlationId = correlationIdOf(request);
    const body = toErrorBody(exception, correlationId);
    if (body.statusCode >= 500) {
      recordRequestFailure(exception);
      this.logger.error(
        {
          correlationId,
          method: request.method,
          url: request.url,
          err: exception instanceof Error ? exception.stack : String(exception),
        },
        'request failed',
      );
    }
    if (body.code === 'DATABASE_UNAVAILABLE') void reply.header('retry-after', '5');
    // JSON whatever the handler announced: a route with `@Header('content-type', …)` (file exports) would otherwise
    // send the error object under that type, which Fastify refuses to serialise (a 500 for every 400 there).
    void reply
      .status(body.statusCode)
      .header('x-correlation-id', correlationId)
      .header('content-type', 'application/json; charset=utf-8')
      .send(body);
  }
}
