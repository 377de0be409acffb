import { Injectable } from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import { from, switchMap, type Observable } from 'rxjs';
import { tagApplication } from './case-trace.js';
import type { TraceHeaders } from './trace-context.js';

export interface CaseTraceInterceptorOptions {
  /** Whether a path parameter's value is an application number (办件编号). */
  isApplicationNo: (value: string) => boolean;
  /** The case trace the service knows for an application (its `case_trace` row), if any. Must not throw. */
  caseTrace: (applicationNo: string) => Promise<TraceHeaders | undefined>;
}

/**
 * One trace per case, for requests addressed by application number (`/applications/:no`, `/cases/:idOrNo`,
 * `/timelines/:key` …): before the handler runs, the request's span is named with `hall.application_no` (its child
 * spans inherit it) and linked to the case trace. Register it after the {@link TracingInterceptor}. Requests that
 * change a case are tagged anyway when they stage its events (see `caseEventTrace`).
 */
@Injectable()
export class CaseTraceInterceptor implements NestInterceptor {
  constructor(private readonly options: CaseTraceInterceptorOptions) {}

  intercept(executionContext: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (executionContext.getType() !== 'http') return next.handle();
    // An unrecorded request (most of them, sampled out) has nothing to tag: skip reading its parameters.
    const active = context.active();
    if (trace.getSpan(active)?.isRecording() !== true) return next.handle();
    const params = executionContext.switchToHttp().getRequest<{ params?: unknown }>().params;
    const applicationNo = this.applicationNoOf(params);
    if (applicationNo === undefined) return next.handle();
    return from(this.options.caseTrace(applicationNo).catch(() => undefined)).pipe(
      switchMap((known) => {
        tagApplication(applicationNo, known, active);
        return context.with(active, () => next.handle());
      }),
    );
  }

  private applicationNoOf(params: unknown): string | undefined {
    if (params === null || typeof params !== 'object') return undefined;
    for (const value of Object.values(params as Record<string, unknown>)) {
      if (typeof value === 'string' && this.options.isApplicationNo(value)) return value;
    }
    return undefined;
  }
}
