import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import rateLimit from '@fastify/rate-limit';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Rate-limited route families. `public-lookup`: unauthenticated lookups that take a guessable key (progress query
 * by application number + 4 characters, licence verification by identifier or QR payload). `public-render`:
 * unauthenticated documents rendered on request (the catalog's 办事指南 PDF).
 */
export type RateLimitBucket = 'public-lookup' | 'public-render';

/** Security settings of a service's HTTP layer (from the environment: see `ServiceEnvSchema`). */
export interface HttpSecurityOptions {
  /**
   * Reverse proxies in front of the service that append to `X-Forwarded-For` (`TRUST_PROXY_HOPS`). 0: the socket
   * address is the client and `X-Forwarded-For` is ignored; n: the n right-most entries were added by our own
   * proxies, so the client is the right-most address not added by them (anything further left is client-supplied).
   */
  readonly trustProxyHops: number;
  /** Requests per client IP and route per window on `@RateLimited('public-lookup')` routes. */
  readonly publicLookupMax: number;
  /** Password attempts per client IP per window at the dev identity provider (hosts that serve it: apps/hall). */
  readonly loginMax: number;
  /** Requests per client IP and route per window on `@RateLimited('public-render')` routes (default 30). */
  readonly publicRenderMax?: number;
  /** Window of the rate limits, ms. */
  readonly rateLimitWindowMs: number;
}

export const DEFAULT_HTTP_SECURITY: HttpSecurityOptions = Object.freeze({
  trustProxyHops: 0,
  publicLookupMax: 60,
  loginMax: 300,
  publicRenderMax: 30,
  rateLimitWindowMs: 60_000,
});

const BUCKET_CONFIG_KEY = 'hallRateLimit';

/** Marks a route as rate-limited per client IP (limits come from the service's configuration). */
export function RateLimited(bucket: RateLimitBucket): MethodDecorator {
  return RouteConfig({ [BUCKET_CONFIG_KEY]: bucket });
}

/**
 * Fastify's `trustProxy` for a hop count: `false` (never read `X-Forwarded-For`), else trust the first `hops`
 * addresses counted from the socket (what Fastify does for a number; a function fits Nest's adapter type).
 */
export function trustProxySetting(hops: number): false | ((address: string, hop: number) => boolean) {
  return hops > 0 ? (_address, hop) => hop < hops : false;
}

/** The 429 body: the platform's error shape (see HttpErrorFilter / toErrorBody). */
export class RateLimitedError extends Error {
  readonly statusCode = 429;
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super(`too many requests from this address; retry in ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}

/**
 * Registers security headers (helmet) and the per-IP rate limits on a service's Fastify instance. Call before the
 * routes are registered (before `app.init()`): routes marked `@RateLimited(bucket)` get their limit when added.
 */
export async function registerHttpSecurity(
  fastify: FastifyInstance,
  options: HttpSecurityOptions,
): Promise<void> {
  // Helmet's defaults (CSP default-src 'self', nosniff, frame and referrer policies, HSTS, COOP/CORP). The OpenAPI UI
  // under /docs loads its scripts from this origin. object-src 'self': Chrome renders PDFs (guides, licences opened
  // in a tab) through an internal <embed> that object-src 'none' would block.
  const headers = securityHeaders({
    contentSecurityPolicy: { useDefaults: true, directives: { 'object-src': ["'self'"] } },
  });
  // The headers do not depend on the request: computed once, set by one synchronous hook (@fastify/helmet rebuilt
  // helmet's middleware, parsing the CSP again, on every request). Not-found and error responses get them too.
  fastify.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
  const limits: Record<RateLimitBucket, { max: number; timeWindow: number }> = {
    'public-lookup': { max: options.publicLookupMax, timeWindow: options.rateLimitWindowMs },
    'public-render': {
      max: options.publicRenderMax ?? DEFAULT_HTTP_SECURITY.publicRenderMax ?? 30,
      timeWindow: options.rateLimitWindowMs,
    },
  };
  fastify.addHook('onRoute', (route) => {
    const bucket = (route.config as Record<string, unknown> | undefined)?.[BUCKET_CONFIG_KEY] as
      RateLimitBucket | undefined;
    if (bucket !== undefined) route.config = { ...route.config, rateLimit: limits[bucket] };
  });
  await fastify.register(rateLimit, {
    global: false,
    // request.ip honours the trusted hop count only (trustProxy is set from the same option).
    keyGenerator: (request: FastifyRequest) => request.ip,
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}

/**
 * The headers helmet sets with these options, computed once by running its middleware against a recording response.
 * Static options only (no nonces or function-valued directives): the result must not depend on the request.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): ReadonlyArray<readonly [string, string]> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: number | string | readonly string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
      return recorder;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure !== undefined)
    throw new Error('helmet refused the security header options', { cause: failure });
  return [...headers];
}
