import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { CurrentUser } from '@hall/auth';
import { lastValueFrom, of, throwError } from 'rxjs';
import {
  IDEMPOTENCY_KEY_REUSED,
  IdempotencyInterceptor,
  requestHashOf,
  type IdempotencyRecord,
  type IdempotencyScope,
  type IdempotencyStore,
  type IdempotentCall,
} from './idempotent.js';

const USER = { id: 'u1' } as CurrentUser;

/** Keys in memory; `save` is what the handler does in its transaction. */
class MemoryStore implements IdempotencyStore {
  readonly rows = new Map<string, { requestHash: string; answer: unknown }>();
  readonly lookups: IdempotencyScope[] = [];
  find(scope: IdempotencyScope): Promise<IdempotencyRecord | undefined> {
    this.lookups.push(scope);
    const row = this.rows.get(`${scope.userId}|${scope.route}|${scope.key}`);
    return Promise.resolve(
      row && { requestHash: row.requestHash, replay: () => Promise.resolve(row.answer) },
    );
  }
  save(call: IdempotentCall, answer: unknown): void {
    this.rows.set(`${call.userId}|${call.route}|${call.key}`, { requestHash: call.requestHash, answer });
  }
}

function http(headers: Record<string, string>, body: unknown, user: CurrentUser | undefined = USER) {
  const req: Record<string, unknown> = {
    headers,
    body,
    user,
    method: 'POST',
    url: '/api/x/things?y=1',
    routeOptions: { url: '/api/x/things' },
  };
  const reply = {
    statusCode: 201,
    sent: {} as Record<string, string>,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    header(name: string, value: string) {
      this.sent[name] = value;
      return this;
    },
  };
  const ctx = {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => reply }),
  } as unknown as ExecutionContext;
  return { req, reply, ctx };
}

describe('IdempotencyInterceptor (@Idempotent)', () => {
  it('without a key the handler just runs', async () => {
    const store = new MemoryStore();
    const { ctx } = http({}, { a: 1 });
    const next: CallHandler = { handle: () => of('made') };
    await expect(lastValueFrom(new IdempotencyInterceptor(store).intercept(ctx, next))).resolves.toBe('made');
    expect(store.lookups).toHaveLength(0);
  });

  it('a first call runs the handler with the call to store; a retry with the same body replays it (200, header)', async () => {
    const store = new MemoryStore();
    const interceptor = new IdempotencyInterceptor(store);
    let runs = 0;
    const handler = (req: Record<string, unknown>): CallHandler => ({
      handle: () => {
        runs += 1;
        const call = req['idempotentCall'] as IdempotentCall;
        store.save(call, { no: 'A1' });
        return of({ no: 'A1' });
      },
    });
    const first = http({ 'idempotency-key': 'k-1' }, { a: 1 });
    await expect(lastValueFrom(interceptor.intercept(first.ctx, handler(first.req)))).resolves.toEqual({
      no: 'A1',
    });
    expect(first.req['idempotentCall']).toEqual({
      userId: 'u1',
      route: 'POST /api/x/things',
      key: 'k-1',
      requestHash: requestHashOf({ a: 1 }),
    });
    const retry = http({ 'idempotency-key': 'k-1' }, { a: 1 });
    await expect(lastValueFrom(interceptor.intercept(retry.ctx, handler(retry.req)))).resolves.toEqual({
      no: 'A1',
    });
    expect(runs).toBe(1);
    expect(retry.reply.statusCode).toBe(200);
    expect(retry.reply.sent['idempotent-replayed']).toBe('true');
  });

  it('the same key with another body is a 422 IDEMPOTENCY_KEY_REUSED; keys are per user', async () => {
    const store = new MemoryStore();
    store.save(
      { userId: 'u1', route: 'POST /api/x/things', key: 'k-1', requestHash: requestHashOf({ a: 1 }) },
      1,
    );
    const interceptor = new IdempotencyInterceptor(store);
    const next: CallHandler = { handle: () => of('made') };
    const other = http({ 'idempotency-key': 'k-1' }, { a: 2 });
    await expect(lastValueFrom(interceptor.intercept(other.ctx, next))).rejects.toMatchObject({
      code: IDEMPOTENCY_KEY_REUSED,
      status: 422,
    });
    const someoneElse = http({ 'idempotency-key': 'k-1' }, { a: 2 }, { id: 'u2' } as CurrentUser);
    await expect(lastValueFrom(interceptor.intercept(someoneElse.ctx, next))).resolves.toBe('made');
  });

  it('a concurrent loser (its transaction failed on the key) answers with the winner’s result', async () => {
    const store = new MemoryStore();
    const call = http({ 'idempotency-key': 'k-2' }, { a: 1 });
    const next: CallHandler = {
      handle: () => {
        // The winner committed meanwhile; this transaction failed on the key's primary key.
        store.save(call.req['idempotentCall'] as IdempotentCall, { no: 'W' });
        return throwError(() => new Error('unique violation'));
      },
    };
    await expect(lastValueFrom(new IdempotencyInterceptor(store).intercept(call.ctx, next))).resolves.toEqual(
      {
        no: 'W',
      },
    );
    expect(call.reply.statusCode).toBe(200);
  });

  it('a failure with no stored key stays the failure; a malformed key is a 400', async () => {
    const store = new MemoryStore();
    const interceptor = new IdempotencyInterceptor(store);
    const failing: CallHandler = { handle: () => throwError(() => new Error('boom')) };
    await expect(
      lastValueFrom(interceptor.intercept(http({ 'idempotency-key': 'k-3' }, {}).ctx, failing)),
    ).rejects.toThrow('boom');
    expect(() => interceptor.intercept(http({ 'idempotency-key': 'bad key!' }, {}).ctx, failing)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', status: 400 }),
    );
  });
});
