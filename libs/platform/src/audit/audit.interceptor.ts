import 'reflect-metadata';
import {
  HttpException,
  type CallHandler,
  type ExecutionContext,
  type LoggerService,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import type { RequestWithUser } from '@hall/auth';
import { AppError } from '@hall/errors';
import { traceFields } from '@hall/telemetry';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
  const segments = routeUrl.split('/').filter(Boolean);
  const rest = segments[0] === 'api' ? segments.slice(2) : segments;
  const objectType = rest.find((s) => !s.startsWith(':'));
  const firstParam = rest.find((s) => s.startsWith(':'))?.slice(1);
  const value =
    firstParam && params && typeof params === 'object'
      ? (params as Record<string, unknown>)[firstParam]
      : undefined;
  return { ...(objectType ? { objectType } : {}), ...(typeof value === 'string' ? { objectId: value } : {}) };
}

/**
 * Records every state-changing request and every {@link AuditRead} read by a signed-in user, with its outcome,
 * after the handler finished and before the response is sent — for a state change, in the handler's own transaction
 * when it has one and the object is known by then (see {@link AuditScope}). Requests refused by the guard (no or bad token,
 * wrong role) never reach a handler; they are counted by the access log and rate limits, not here. A failed
 * audit write in the handler's transaction fails that transaction (the change is not made); one appended afterwards
 * is logged as an error and does not undo the (already committed) change; an audited read never answers without
 * its row: it fails with 503 `AUDIT_UNAVAILABLE` and sends none of the data.
 */
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly trail: AuditTrail,
    private readonly logger: LoggerService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<FastifyRequest & RequestWithUser>();
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
            trail: this.trail,
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
        await this.trail.append(entry);
        return true;
      } catch (err) {
        this.logger.error(`audit: could not record ${entry.action} by ${user.id}: ${(err as Error).message}`);
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
