import 'reflect-metadata';
import {
  HttpException,
  type CallHandler,
  type ExecutionContext,
  type LoggerService,
  type NestInterceptor,
} from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
} from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, type ModulesContainer } from '@nestjs/core';
import type { RequestWithUser } from '@hall/auth';
import { AppError } from '@hall/errors';
import { traceFields } from '@hall/telemetry';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { runInAuditScope, type AuditEntry, type AuditScope, type AuditTrail } from './audit-trail.js';

/** Metadata key of {@link AuditRead}. */
export const AUDIT_READ_METADATA = 'hall:audit:read';

/**
 * Marks a GET route as a read of personal data: every call by a signed-in user leaves an audit row
 * (state-changing methods are always audited). `objectType` overrides the type read from the route path.
 */
export function AuditRead(objectType?: string): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    Reflect.defineMetadata(AUDIT_READ_METADATA, { objectType }, descriptor.value as object);
  };
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function statusOf(err: unknown): number {
  if (err instanceof AppError) return err.status;
  if (err instanceof HttpException) return err.getStatus();
  return 500;
}

/**
 * `/api/intake/applications/:no/accept` → type `applications`, id = the value of the first parameter. Routes are
 * resource-first throughout the hall, so this names the object without per-route configuration.
 */
export function auditObjectOf(
  routeUrl: string | undefined,
  params: unknown,
): { objectType?: string; objectId?: string | undefined } {
  if (!routeUrl) return {};
  const { objectType, firstParam } = routeObjectOf(routeUrl);
  const value =
    firstParam && params && typeof params === 'object'
      ? (params as Record<string, unknown>)[firstParam]
      : undefined;
  return { ...(objectType ? { objectType } : {}), ...(typeof value === 'string' ? { objectId: value } : {}) };
}

/** The object type and first parameter's name of each route (a few dozen per service), parsed once. */
const routeObjects = new Map<string, { objectType: string | undefined; firstParam: string | undefined }>();

function routeObjectOf(routeUrl: string): { objectType: string | undefined; firstParam: string | undefined } {
  let parsed = routeObjects.get(routeUrl);
  if (parsed === undefined) {
    const segments = routeUrl.split('/').filter(Boolean);
    const rest = segments[0] === 'api' ? segments.slice(2) : segments;
    parsed = {
      objectType: rest.find((s) => !s.startsWith(':')),
      firstParam: rest.find((s) => s.startsWith(':'))?.slice(1),
    };
    routeObjects.set(routeUrl, parsed);
  }
  return parsed;
}

/** A service's audit trail as its requests reach it (see {@link registerAudit}). */
interface AuditSink {
  readonly trail: AuditTrail;
  readonly logger: LoggerService;
}
const AUDIT_SINK = 'hallAuditSink';
type AuditedRequest = FastifyRequest & RequestWithUser & { readonly [AUDIT_SINK]?: AuditSink };

/** Whether a route may need an audit row: a state-changing method (or any method), or an {@link AuditRead} read. */
function mayAudit(handler: object): boolean {
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  if (Reflect.getMetadata(AUDIT_READ_METADATA, handler) !== undefined) return true;
  return method !== RequestMethod.GET && method !== RequestMethod.HEAD && method !== RequestMethod.OPTIONS;
}

/**
 * Records every state-changing request and every {@link AuditRead} read by a signed-in user, with its outcome,
 * after the handler finished and before the response is sent — for a state change, in the handler's own transaction
 * when it has one and the object is known by then (see {@link AuditScope}). Requests refused by the guard (no or bad token,
 * wrong role) never reach a handler; they are counted by the access log and rate limits, not here. A failed
 * audit write in the handler's transaction fails that transaction (the change is not made); one appended afterwards
 * is logged as an error and does not undo the (already committed) change; an audited read never answers without
 * its row: it fails with 503 `AUDIT_UNAVAILABLE` and sends none of the data.
 *
 * One instance for the process, on the routes that may need it (see {@link registerAudit}); it writes to the trail
 * of the service the request reached.
 */
export class AuditInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<AuditedRequest>();
    const sink = req[AUDIT_SINK];
    if (sink === undefined) return next.handle(); // a service without an audit trail
    const handler = ctx.getHandler();
    const read = Reflect.getMetadata(AUDIT_READ_METADATA, handler) as { objectType?: string } | undefined;
    if (READ_METHODS.has(req.method) && read === undefined) return next.handle();
    const successStatus =
      (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
      (req.method === 'POST' ? 201 : 200);
    const isRead = READ_METHODS.has(req.method);
    const action = () => `${req.method} ${req.routeOptions?.url ?? req.url.split('?')[0] ?? ''}`;
    // A state change by a signed-in user: its row may be written by the handler's transaction (issue 22).
    const scope: AuditScope | undefined =
      !isRead && req.user
        ? {
            trail: sink.trail,
            entry: {
              at: new Date(),
              actorId: req.user.id,
              actorName: req.user.username,
              roles: req.user.roles,
              action: action(),
              ...auditObjectOf(req.routeOptions?.url, req.params),
              outcome: successStatus,
              ip: req.ip,
              traceId: traceFields().trace_id,
            },
            written: false,
            open: true,
          }
        : undefined;
    /** Writes the row; false when it could not be written (logged). */
    const record = async (outcome: number, result?: unknown): Promise<boolean> => {
      const user = req.user;
      if (!user) return true; // public route: no identity to record
      if (scope) scope.open = false;
      if (scope?.written && outcome === successStatus) return true; // committed with the change
      const object = scope?.entry.objectId
        ? { objectType: scope.entry.objectType, objectId: scope.entry.objectId }
        : auditObjectOf(req.routeOptions?.url, req.params);
      // A create has no id in its path: the object is the one created (its `no`, `id` or `identifier`).
      if (object.objectId === undefined && result && typeof result === 'object') {
        const r = result as Record<string, unknown>;
        const created = [r['no'], r['id'], r['identifier']].find((v) => typeof v === 'string');
        if (typeof created === 'string') object.objectId = created;
      }
      const entry: AuditEntry = {
        at: new Date(),
        actorId: user.id,
        actorName: user.username,
        roles: user.roles,
        action: action(),
        objectType: read?.objectType ?? object.objectType,
        objectId: object.objectId,
        outcome,
        ip: req.ip,
        traceId: traceFields().trace_id,
      };
      try {
        await sink.trail.append(entry);
        return true;
      } catch (err) {
        sink.logger.error(`audit: could not record ${entry.action} by ${user.id}: ${(err as Error).message}`);
        return false;
      }
    };
    /** An audited read whose row is missing answers 503 instead of its data (or of its own error). */
    const unaudited = (): AppError => {
      void ctx.switchToHttp().getResponse<FastifyReply>().header('retry-after', '5');
      return new AppError(
        'AUDIT_UNAVAILABLE',
        'this read cannot be recorded in the audit trail right now; retry later',
        503,
      );
    };
    const handled = scope
      ? new Observable<unknown>((subscriber) =>
          runInAuditScope(scope, () => next.handle().subscribe(subscriber)),
        )
      : next.handle();
    return handled.pipe(
      mergeMap((value: unknown) =>
        from(record(successStatus, value)).pipe(
          mergeMap((ok) => (ok || !isRead ? of(value) : throwError(unaudited))),
        ),
      ),
      catchError((err: unknown) =>
        // The 503 of a failed audit write on the success path is not recorded a second time.
        err instanceof AppError && err.code === 'AUDIT_UNAVAILABLE'
          ? throwError(() => err)
          : from(record(statusOf(err))).pipe(
              mergeMap((ok) => throwError(() => (ok || !isRead ? err : unaudited()))),
            ),
      ),
    );
  }
}

const AUDIT = new AuditInterceptor();

/**
 * Audits a service's requests into `trail`. The {@link AuditInterceptor} goes on each route that may need a row (a
 * state-changing method, `@All`, or {@link AuditRead}), outermost among the route's own interceptors (before
 * `@Idempotent()`: a replayed answer is audited too), instead of on every route as a global interceptor: a read
 * without audit then runs without any interceptor. Call before `app.init()` (routes are built from the metadata).
 * Controllers shared by several services (the platform's) get the one process-wide instance once; each service's
 * requests find their own trail through the request (a getter on the service's Fastify requests).
 */
export function registerAudit(
  modules: ModulesContainer,
  fastify: FastifyInstance,
  trail: AuditTrail,
  logger: LoggerService,
): void {
  const sink: AuditSink = { trail, logger };
  fastify.decorateRequest(AUDIT_SINK, { getter: () => sink });
  const scanner = new MetadataScanner();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const prototype = (wrapper.metatype as { prototype?: object } | null)?.prototype;
      if (prototype === undefined) continue;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined)
          continue;
        if (!mayAudit(handler)) continue;
        const own = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
        if (!own.includes(AUDIT)) Reflect.defineMetadata(INTERCEPTORS_METADATA, [AUDIT, ...own], handler);
      }
    }
  }
}
