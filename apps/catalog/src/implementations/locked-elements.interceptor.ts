import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { rejectLockedElements } from './implementation-rules.js';

/**
 * A locked element (三级四同) in an implementation's create/patch body is 422 LOCKED_ELEMENT naming it, before the
 * body is parsed (interceptors run before pipes): to the strict input schema it would only be an unknown field (400).
 */
export class RejectLockedElements implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    rejectLockedElements(ctx.switchToHttp().getRequest<{ body?: unknown }>().body);
    return next.handle();
  }
}
