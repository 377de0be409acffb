import { z } from 'zod';
import { strictDeep } from '@hall/contracts';
import { serverErrors } from './server-errors.js';

/** What a Supertest call resolves to (and, while pending, says about itself). */
type Call = PromiseLike<{ status: number; body: unknown }> & { method?: string; url?: string };

/**
 * For contract tests: awaits the call, checks its status (the service's error body is in the failure when it is
 * another one) and parses the answer with the contract's schema, every object strict, so a field the contract does
 * not name fails too. A mismatch names the route and the field.
 */
export async function checkContract<S extends z.ZodType>(
  schema: S,
  call: Call,
  status = 200,
): Promise<z.output<S>> {
  const route =
    call.method && call.url
      ? `${call.method} ${new URL(call.url).pathname}`
      : (schema.description ?? 'the route');
  const res = await call;
  if (res.status !== status) {
    const correlationId = (res.body as { correlationId?: unknown } | undefined)?.correlationId;
    const logged = res.status >= 500 && typeof correlationId === 'string' ? serverErrors(correlationId) : [];
    throw new Error(
      `${route}: expected status ${status}, got ${res.status}: ${JSON.stringify(res.body)}` +
        (logged.length > 0 ? `\nthe service logged:\n${logged.join('\n')}` : ''),
    );
  }
  const parsed = strictDeep(schema).safeParse(res.body);
  if (!parsed.success)
    throw new Error(`${route} does not match its contract:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
