import type { FastifyInstance, FastifyRequest } from 'fastify';

/** What every API response carries unless its route chose its own caching (issue 18: personal data in caches). */
export const DEFAULT_CACHE_CONTROL = 'no-store';

/** Whether the request came with credentials (a bearer token; `user` once the guard verified it). */
const isAuthenticated = (request: FastifyRequest): boolean =>
  request.headers.authorization !== undefined ||
  (request as FastifyRequest & { user?: unknown }).user !== undefined;

/**
 * `Cache-Control` for every response of a service: `no-store` unless the route set its own (a public guide, a
 * public key set); a response to an authenticated request is `no-store` whatever the route set, unless the route's
 * own value already says `no-store` (e.g. `private, no-store`). Personal data (application details, licences and
 * their PDFs, notifications) thus never lands in a shared or browser cache. Register before the routes.
 */
export function registerCacheControl(fastify: FastifyInstance): void {
  // A callback hook (not async): no promise per response.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const own = reply.getHeader('cache-control');
    const ownValue = Array.isArray(own) ? own.join(', ') : own === undefined ? undefined : String(own);
    if (
      ownValue === undefined ||
      (isAuthenticated(request) && !/(^|[\s,])no-store($|[\s,])/i.test(ownValue))
    ) {
      void reply.header('cache-control', DEFAULT_CACHE_CONTROL);
    }
    done(null, payload);
  });
}
