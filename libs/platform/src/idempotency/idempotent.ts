import 'reflect-metadata';
import { createHash } from 'node:crypto';
import {
  applyDecorators,
  createParamDecorator,
  Inject,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { CurrentUser, RequestWithUser } from '@hall/auth';
import { AppError } from '@hall/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';

/** Injection token of the service's {@link IdempotencyStore} (provided by the module of an {@link Idempotent} route). */
export const IDEMPOTENCY_STORE = 'hall:idempotency:store';

/** Error code of a key used again with a different request (422). */
export const IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED';

/** Header of a replayed answer (`true`). */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

const KEY_PATTERN = /^[\w.:-]{1,200}$/;

/** Whose key and for which route: a key is only ever looked up per user and route. */
export interface IdempotencyScope {
  userId: string;
  /** `POST /api/intake/applications`: the method and the route pattern (not the concrete path). */
  route: string;
  key: string;
}

/** A first call with a key: what the handler stores with its result, in its own transaction. */
export interface IdempotentCall extends IdempotencyScope {
  /** SHA-256 (hex) of the request body as received. */
  requestHash: string;
}

/** A call made before with this key. */
export interface IdempotencyRecord {
  requestHash: string;
  /** The answer to give again (the handler's answer, as it is now). */
  replay(): Promise<unknown>;
}

/**
 * Where a service keeps its keys. The handler stores the key with its effect in one transaction (so an effect never
 * lacks its key, and a key never names an effect that rolled back); the store finds it again.
 */
export interface IdempotencyStore {
  find(scope: IdempotencyScope, user: CurrentUser): Promise<IdempotencyRecord | undefined>;
}

type IdempotentRequest = FastifyRequest & RequestWithUser & { idempotentCall?: IdempotentCall };

/** SHA-256 (hex) of a JSON body: the same body is the same request. */
export function requestHashOf(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

/**
 * Idempotency of a POST by the client's `Idempotency-Key` header (optional; without it nothing changes):
 * - first call: the handler runs and gets the call through {@link IdempotencyKey} to store with its effect;
 * - same key, same body: the stored answer is replayed (200, header `idempotent-replayed: true`), the handler does
 *   not run;
 * - same key, different body: 422 `IDEMPOTENCY_KEY_REUSED`;
 * - concurrent first calls: the losers' transactions fail on the stored key; they answer with the winner's result.
 * A malformed key is a 400 `VALIDATION_FAILED`.
 */
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<IdempotentRequest>();
    const header = req.headers['idempotency-key'];
    if (header === undefined) return next.handle();
    const key = Array.isArray(header) ? header.join(',') : header;
    if (!KEY_PATTERN.test(key))
      throw AppError.validation(
        'Idempotency-Key',
        'must be 1-200 characters of letters, digits, "_", "-", ".", ":"',
      );
    const user = req.user;
    // Routes with a key are signed in (the guard ran first); without a user there is no scope to keep it in.
    if (!user) return next.handle();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const scope: IdempotencyScope = {
      userId: user.id,
      route: `${req.method} ${req.routeOptions?.url ?? req.url}`,
      key,
    };
    const call: IdempotentCall = { ...scope, requestHash: requestHashOf(req.body) };
    return from(this.run(call, user, reply, req, next));
  }

  private async run(
    call: IdempotentCall,
    user: CurrentUser,
    reply: FastifyReply,
    req: IdempotentRequest,
    next: CallHandler,
  ): Promise<unknown> {
    const earlier = await this.store.find(call, user);
    if (earlier) return this.replay(earlier, call, reply);
    req.idempotentCall = call;
    try {
      return await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (err) {
      // Two concurrent calls with the same key: the loser's transaction rolled back; answer with the winner's.
      const winner = await this.store.find(call, user).catch(() => undefined);
      if (winner) return this.replay(winner, call, reply);
      throw err;
    }
  }

  private async replay(
    record: IdempotencyRecord,
    call: IdempotentCall,
    reply: FastifyReply,
  ): Promise<unknown> {
    if (record.requestHash !== call.requestHash)
      throw new AppError(
        IDEMPOTENCY_KEY_REUSED,
        'Idempotency-Key: this key was already used for a different request',
        422,
        { field: 'Idempotency-Key' },
      );
    const answer = await record.replay();
    void reply.status(200).header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return answer;
  }
}

/**
 * Makes a POST idempotent by its `Idempotency-Key` header ({@link IdempotencyInterceptor}); the controller's module
 * provides {@link IDEMPOTENCY_STORE}. The handler reads the call with {@link IdempotencyKey} and stores it with its
 * effect.
 */
export function Idempotent(): MethodDecorator {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A retry with the same key and body answers with the first result (200, idempotent-replayed: true); with another body: 422 IDEMPOTENCY_KEY_REUSED',
    }),
  );
}

/** The first call with a key (undefined without a key): the handler stores it with its effect. */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): IdempotentCall | undefined =>
    ctx.switchToHttp().getRequest<IdempotentRequest>().idempotentCall,
);
