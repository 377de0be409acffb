import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDevIdentityProvider, demoAccounts, TokenVerifier } from '@hall/auth';
import { InProcessTransport } from '@hall/messaging';
import { openDatabase, type Database } from '@hall/persistence';
import { createServiceApp, telemetryTracing, type ServiceDefinition, type ServiceRuntime } from '@hall/platform';
import { ObjectStorage, startEmbeddedS3, type EmbeddedS3 } from '@hall/storage';
import { createLogger, PinoNestLogger, type LogLevel } from '@hall/telemetry';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { approvalService } from '@hall/app-approval';
import { catalogService } from '@hall/app-catalog';
import { intakeService } from '@hall/app-intake';
import { licenceService } from '@hall/app-licence';
import { supervisionService } from '@hall/app-supervision';

export const SERVICES: readonly ServiceDefinition[] = [catalogService, intakeService, approvalService, licenceService, supervisionService];

export interface EmbeddedHallOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  /** Where PGlite data, objects and the identity provider's key live; omit for in-memory (tests). */
  dataDir?: string;
  logLevel?: LogLevel;
}

export interface EmbeddedHall {
  readonly url: string;
  readonly transport: InProcessTransport;
  readonly services: ReadonlyMap<string, { app: NestFastifyApplication; runtime: ServiceRuntime }>;
  close(): Promise<void>;
}

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/public');

async function serveWeb(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const rel = url.pathname === '/' ? 'index.html' : url.pathname.replace(/^\/+/, '');
  const file = path.resolve(webRoot, rel);
  const inside = file.startsWith(webRoot + path.sep);
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' };
  try {
    if (!inside) throw new Error('outside');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    // Single-page app: unknown paths get the shell.
    const body = await readFile(path.join(webRoot, 'index.html'));
    res.writeHead(url.pathname === '/' || !path.extname(url.pathname) ? 200 : 404, { 'content-type': types['.html'] }).end(body);
  }
}

/**
 * The whole hall in one process: one HTTP origin, the dev identity provider at `/realms/hall`, each
 * service's API at `/api/<service>` (requests routed straight into its Fastify instance), the web UI at `/`.
 * PGlite per service, the in-process transport, s3rver. The same service code as production.
 */
export async function startEmbeddedHall(opts: EmbeddedHallOptions): Promise<EmbeddedHall> {
  const host = opts.host ?? '127.0.0.1';
  const level = opts.logLevel ?? 'info';
  const dataDir = opts.dataDir;
  const routes = new Map<string, FastifyInstance>();
  const server: Server = createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const m = /^\/api\/([a-z]+)(\/|$)/.exec(pathname);
    if (pathname.startsWith('/realms/')) {
      const idp = routes.get('idp');
      if (idp) return idp.routing(req, res);
    } else if (m?.[1]) {
      const target = routes.get(m[1]);
      if (target) return target.routing(req, res);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 404, code: 'NOT_FOUND', message: `no service ${m[1]}` }));
      return;
    }
    void serveWeb(req, res);
  });
  await new Promise<void>((resolve) => server.listen(opts.port, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const publicHost = host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host;
  const url = `http://${publicHost}:${port}`;

  const idp = await buildDevIdentityProvider({
    publicBaseUrl: url,
    keyFile: dataDir ? path.join(dataDir, 'idp', 'signing-key.json') : undefined,
    exposeDemoAccounts: true,
  });
  await idp.ready();
  routes.set('idp', idp);

  const s3: EmbeddedS3 = await startEmbeddedS3({ directory: dataDir ? path.join(dataDir, 's3') : undefined });
  const transport = new InProcessTransport();
  const services = new Map<string, { app: NestFastifyApplication; runtime: ServiceRuntime }>();
  const databases: Database[] = [];
  try {
    for (const def of SERVICES) {
      const logger = new PinoNestLogger(createLogger({ service: def.name, level }));
      const db = await openDatabase({ kind: 'pglite', dataDir: dataDir ? path.join(dataDir, def.name) : undefined });
      databases.push(db);
      const storage = def.usesStorage
        ? new ObjectStorage({ endpoint: s3.endpoint, accessKey: s3.accessKey, secretKey: s3.secretKey, region: s3.region, publicEndpoint: s3.endpoint })
        : undefined;
      await storage?.ensureBuckets();
      const runtime: ServiceRuntime = {
        name: def.name,
        db,
        transport,
        storage,
        tokenVerifier: new TokenVerifier({ realmUrl: `${url}/realms/hall`, clientId: 'hall-api' }),
        logger,
        tracing: telemetryTracing,
        migrationsDir: path.join(def.appDir, 'prisma', 'migrations'),
        relayPollMs: 100,
        seedDemoData: true,
      };
      const app = await createServiceApp({ runtime, module: def.module(runtime), title: def.title, description: def.description, bodyLimit: def.bodyLimit, rawBodyTypes: def.rawBodyTypes });
      routes.set(def.name, app.getHttpAdapter().getInstance());
      services.set(def.name, { app, runtime });
    }
  } catch (err) {
    await Promise.all([...services.values()].map((s) => s.app.close().catch(() => undefined)));
    await Promise.all(databases.map((d) => d.close().catch(() => undefined)));
    await s3.close();
    server.close();
    throw err;
  }

  let closed = false;
  return {
    url,
    transport,
    services,
    async close() {
      if (closed) return;
      closed = true;
      // Stop consumers and drain every relay first, then close databases and the transport.
      for (const { app } of services.values()) await app.close();
      await transport.close();
      for (const db of databases) await db.close();
      await idp.close();
      await s3.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { demoAccounts };
