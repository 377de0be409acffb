import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { DynamicModule } from '@nestjs/common';
import { registerRequestTracing } from '@hall/telemetry';
import multipart from '@fastify/multipart';
import { registerAudit } from './audit/audit.interceptor.js';
import { caseTraceLookup } from './case-trace-lookup.js';
import { caseTraceCacheOf } from './service-messaging.js';
import { registerCacheControl } from './cache-control.js';
import { auditTrailOf } from './audit/audit-trail.js';
import { HttpErrorFilter } from './http-exception.filter.js';
import { DEFAULT_HTTP_SECURITY, registerHttpSecurity, trustProxySetting } from './http-security.js';
import { registerNulRefusal } from './nul-characters.js';
import type { ServiceRuntime } from './service-runtime.js';

export interface ServiceAppOptions {
  runtime: ServiceRuntime;
  /** The service's root module, built from the runtime (e.g. `CatalogModule.register(runtime)`). */
  module: DynamicModule;
  title: string;
  description: string;
  /** Request body limit in bytes (uploads use streaming multipart with their own cap). */
  bodyLimit?: number;
  /** Content types whose bodies reach handlers as raw Buffers. */
  rawBodyTypes?: readonly string[];
}

/**
 * Builds a service's Nest application on Fastify: migrations applied, routes under `/api/<name>`, OpenAPI
 * UI at `/api/<name>/docs` (JSON at `/api/<name>/docs-json`), one error format. Not listening yet: the
 * standalone `main.ts` calls `listen`, the embedded hall routes requests into it.
 */
export async function createServiceApp(opts: ServiceAppOptions): Promise<NestFastifyApplication> {
  const { runtime } = opts;
  if (runtime.migrate !== false) await runtime.db.migrate(runtime.migrationsDir);
  const security = runtime.security ?? DEFAULT_HTTP_SECURITY;
  const app = await NestFactory.create<NestFastifyApplication>(
    opts.module,
    // X-Forwarded-For is read only as far as the configured trusted proxies reach (spoofed entries are ignored).
    new FastifyAdapter({
      bodyLimit: opts.bodyLimit ?? 1024 * 1024,
      trustProxy: trustProxySetting(security.trustProxyHops),
    }),
    { logger: runtime.logger, abortOnError: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // Security headers on every response; per-IP limits on routes marked @RateLimited (before routes are added).
  await registerHttpSecurity(fastify, security);
  // Issue 18: U+0000 anywhere in a request → 400 naming the field; `Cache-Control: no-store` by default.
  registerNulRefusal(fastify);
  registerCacheControl(fastify);
  // Multipart uploads are streamed to object storage; the storage lib enforces each route's size cap.
  await app.register(multipart, {
    limits: { files: 1, fields: 20, fieldSize: 64 * 1024, fileSize: 1024 * 1024 * 1024 },
  });
  for (const type of opts.rawBodyTypes ?? []) {
    app
      .getHttpAdapter()
      .getInstance()
      .addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  }
  const prefix = `api/${runtime.name}`;
  app.setGlobalPrefix(prefix);
  app.useGlobalFilters(new HttpErrorFilter(runtime.logger));
  // No global interceptor (Nest wraps every request of every route in observable layers for one): the request span
  // and case trace are Fastify hooks, the audit interceptor sits on the routes that may need it.
  registerRequestTracing(fastify, { caseTrace: caseTraceLookup(runtime.db.sql, caseTraceCacheOf(runtime)) });
  const trail = auditTrailOf(runtime);
  if (trail) registerAudit(app.get(ModulesContainer), fastify, trail, runtime.logger);
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(opts.title)
      .setDescription(opts.description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup(`${prefix}/docs`, app, doc, {
    jsonDocumentUrl: `${prefix}/docs-json`,
    useGlobalPrefix: false,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
