import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TokenVerifier } from '@hall/auth';
import {
  buildDevIdentityProvider,
  demoAccounts,
  isLoopbackAddress,
  limitConnectionsPerAddress,
} from '@hall/auth/dev';
import { InProcessTransport } from '@hall/messaging';
import { openDatabase, type Database } from '@hall/persistence';
import {
  createServiceApp,
  DEFAULT_HTTP_SECURITY,
  developmentPiiKeyring,
  telemetryTracing,
  type HttpSecurityOptions,
  type ServiceDefinition,
  type ServiceRuntime,
} from '@hall/platform';
import { ObjectStorage, startEmbeddedS3, type EmbeddedS3 } from '@hall/storage';
import { createLogger, PinoNestLogger, type CreateLoggerOptions, type LogLevel } from '@hall/telemetry';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { checkHallExposure } from './hall-exposure.js';
import { approvalService } from '@hall/app-approval';
import { catalogService } from '@hall/app-catalog';
import { intakeService } from '@hall/app-intake';
import { licenceService } from '@hall/app-licence';
import { supervisionService } from '@hall/app-supervision';
import { disclosureService } from '@hall/app-disclosure';

export const SERVICES: readonly ServiceDefinition[] = [
  catalogService,
  intakeService,
  approvalService,
  licenceService,
  supervisionService,
  disclosureService,
];

export interface EmbeddedHallOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  /** Where PGlite data, objects and the identity provider's key live; omit for in-memory (tests). */
  dataDir?: string;
  logLevel?: LogLevel;
  /** Trusted proxy hops and rate limits (services and the identity provider). Default: DEFAULT_HTTP_SECURITY. */
  security?: HttpSecurityOptions;
  /**
   * Opens each service's database (e.g. one PostgreSQL database per service for the benchmarks); default: PGlite
   * under `dataDir`, or in memory. The hall migrates it and closes it on `close()`.
   */
  openServiceDatabase?: (service: string) => Promise<Database>;
  /**
   * An S3-compatible object store of its own (the benchmarks run s3rver in a process of its own, as MinIO runs beside
   * the services in production); default: the embedded s3rver, started and closed with the hall.
   */
  objectStore?: { endpoint: string; accessKey: string; secretKey: string; region?: string };
  /** The in-process transport the services share; default a new one (the crash tests pass one that injects faults). */
  transport?: InProcessTransport;
  /** Where every service's log lines go (default: stdout); tests capture them to scan for personal data. */
  logDestination?: CreateLoggerOptions['destination'];
  /**
   * Open connections per client address; more are closed at once (one client cannot hold every socket). Loopback
   * (the hall's own calls to its identity provider, a local browser) is not counted, and the cap is off behind a
   * trusted proxy (every connection comes from it: cap per client there, nginx `limit_conn`). Default 256 (an office
   * behind one NAT address, browsers opening several connections each).
   */
  maxConnectionsPerIp?: number;
  /**
   * Serve other machines (`HALL_EXPOSE=1`): required for a host that is not loopback, and when a reverse proxy
   * forwards others' requests (`security.trustProxyHops` > 0). See `checkHallExposure` (hall-exposure.ts).
   */
  expose?: boolean;
  /**
   * `HALL_DEMO_PASSWORD`: when exposed, every demo account signs in with this secret instead of the public `demo`,
   * and the demo accounts are neither listed on the login page nor served at `/realms/hall/demo-accounts`.
   */
  demoPassword?: string;
  /** The built web app to serve at `/` (default apps/web/dist); tests point it at a fixture. */
  webRoot?: string;
  /**
   * `HALL_PUBLIC_URL`: the origin browsers use (Keycloak's hostname setting): the identity provider's issuer and
   * endpoints whatever Host a request carries, and the issuer the services expect (their keys are fetched from
   * it too, so it must reach this hall from this machine as well). Default `http://localhost:<port>`.
   */
  publicUrl?: string | undefined;
}

export interface EmbeddedHall {
  readonly url: string;
  readonly transport: InProcessTransport;
  readonly services: ReadonlyMap<string, { app: NestFastifyApplication; runtime: ServiceRuntime }>;
  close(): Promise<void>;
}

/** How long an idle kept-alive connection stays open: Fastify's default, what the services listen with alone. */
export const KEEP_ALIVE_TIMEOUT_MS = 72_000;

const defaultWebRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const WEB_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The web app's page headers: scripts only from this origin, not framed by others (antd injects its styles inline). */
const WEB_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-cache',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; " +
    // frame-src blob:: the material viewer shows PDFs fetched with the token from an object URL in a frame.
    "frame-src blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const WEB_NOT_BUILT = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>一网通办 · 网上办事大厅</title></head>
<body><h1>一网通办 · 网上办事大厅</h1><p>网页应用尚未构建（the web app is not built）：运行 <code>npm start</code>（会自动构建）或
<code>node scripts/build-web.mjs</code>。接口文档见 <a href="/api/catalog/docs">/api/catalog/docs</a>。</p></body></html>`;

async function sendFile(
  res: ServerResponse,
  file: string,
  headers: Record<string, string>,
): Promise<boolean> {
  try {
    const body = await readFile(file);
    res.writeHead(200, headers).end(body);
    return true;
  } catch {
    return false;
  }
}

/** The encodings a request accepts (Accept-Encoding, `q=0` refused), of the two the build precompresses, best first. */
export function acceptedEncodings(header: string | string[] | undefined): ('br' | 'gzip')[] {
  const accepted = new Set<string>();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (q === undefined || Number(q) > 0) accepted.add(coding.trim());
  }
  return (['br', 'gzip'] as const).filter((c) => accepted.has(c));
}

const SUFFIX = { br: '.br', gzip: '.gz' } as const;

/**
 * A hashed asset: the build's brotli or gzip copy when the browser accepts one (Content-Encoding, and
 * `Vary: Accept-Encoding` on every variant so caches keep them apart), else the file itself.
 */
async function sendAsset(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  headers: Record<string, string>,
): Promise<boolean> {
  const vary = { ...headers, vary: 'Accept-Encoding' };
  for (const coding of acceptedEncodings(req.headers['accept-encoding'])) {
    if (await sendFile(res, file + SUFFIX[coding], { ...vary, 'content-encoding': coding })) return true;
  }
  return sendFile(res, file, vary);
}

/**
 * The built web app (apps/web/dist): files by path, never outside the build directory; hashed assets cached for
 * good and sent precompressed (scripts/build-web.mjs writes .br and .gz next to each); every path without a file extension gets index.html (single-page app routes such as /items/:code).
 */
async function serveWeb(webRoot: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const index = path.join(webRoot, 'index.html');
  const rel = url.pathname.replace(/^\/+/, '');
  const file = path.resolve(webRoot, rel);
  const inside = file.startsWith(webRoot + path.sep);
  const ext = path.extname(url.pathname);
  if (rel !== '' && inside && ext !== '' && ext !== '.html') {
    const hashed = rel.startsWith('assets/');
    const headers = {
      'content-type': WEB_TYPES[ext] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    };
    if (await (hashed ? sendAsset(req, res, file, headers) : sendFile(res, file, headers))) return;
  }
  if (ext !== '' && ext !== '.html') {
    res
      .writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
      .end('not found');
    return;
  }
  // Single-page app: every route gets the shell.
  if (await sendFile(res, index, { ...WEB_PAGE_HEADERS })) return;
  res.writeHead(200, { ...WEB_PAGE_HEADERS }).end(WEB_NOT_BUILT);
}

/**
 * The whole hall in one process: one HTTP origin, the dev identity provider at `/realms/hall`, each
 * service's API at `/api/<service>` (requests routed straight into its Fastify instance), the web UI at `/`.
 * PGlite per service, the in-process transport, s3rver behind its signature gate on loopback (never reachable from
 * outside; clients download through the services' routes). The same service code as production.
 */
export async function startEmbeddedHall(opts: EmbeddedHallOptions): Promise<EmbeddedHall> {
  const exposed = checkHallExposure(opts);
  // One process hosts every service here: licence PDFs are laid out in its event loop (~10 ms each) unless
  // LICENCE_RENDER_THREADS says otherwise, so the hall keeps at most one PDF thread (the 办事指南 renderer's, on first
  // use) — each thread costs ~130 MB (its own V8 heap, the TypeScript loader, its parse of the CJK face).
  process.env.LICENCE_RENDER_THREADS ??= '0';
  const host = opts.host ?? '127.0.0.1';
  const webRoot = path.resolve(opts.webRoot ?? defaultWebRoot);
  const level = opts.logLevel ?? 'info';
  const dataDir = opts.dataDir;
  const security = opts.security ?? DEFAULT_HTTP_SECURITY;
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
      res.writeHead(404, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ statusCode: 404, code: 'NOT_FOUND', message: `no service ${m[1]}` }));
      return;
    }
    void serveWeb(webRoot, req, res);
  });
  // Idle kept-alive connections stay open 72 s, as on each service's own Fastify server in production: longer than a
  // reverse proxy keeps its idle upstream connections (nginx: 60 s), so the proxy closes them, never the hall while a
  // request is on its way (Node's default of 5 s resets such requests: a 502 at the proxy, ECONNRESET at a client).
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  if (security.trustProxyHops === 0) {
    limitConnectionsPerAddress(server, {
      maxPerAddress: opts.maxConnectionsPerIp ?? 256,
      exempt: isLoopbackAddress,
    });
  }
  await new Promise<void>((resolve) => server.listen(opts.port, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const publicHost = host === '0.0.0.0' || host === '::' || host === '127.0.0.1' ? 'localhost' : host;
  const url = opts.publicUrl?.replace(/\/+$/, '') ?? `http://${publicHost}:${port}`;

  const idp = await buildDevIdentityProvider({
    publicBaseUrl: url,
    keyFile: dataDir ? path.join(dataDir, 'idp', 'signing-key.json') : undefined,
    // Exposed: the public password is replaced by the operator's secret and the accounts are not listed.
    exposeDemoAccounts: !exposed,
    ...(exposed && { accounts: demoAccounts.map((a) => ({ ...a, password: opts.demoPassword ?? '' })) }),
    trustProxyHops: security.trustProxyHops,
    loginRateLimit: { max: security.loginMax, timeWindowMs: security.rateLimitWindowMs },
  });
  await idp.ready();
  routes.set('idp', idp);

  const s3: Pick<EmbeddedS3, 'endpoint' | 'accessKey' | 'secretKey' | 'repaired' | 'close'> & {
    region: string;
  } =
    opts.objectStore !== undefined
      ? {
          ...opts.objectStore,
          region: opts.objectStore.region ?? 'us-east-1',
          repaired: { quarantined: [], quarantineDirectory: undefined },
          close: async () => undefined,
        }
      : await startEmbeddedS3({ directory: dataDir ? path.join(dataDir, 's3') : undefined });
  if (s3.repaired.quarantined.length > 0) {
    createLogger({
      service: 'hall',
      level,
      ...(opts.logDestination && { destination: opts.logDestination }),
    }).warn(
      { objects: s3.repaired.quarantined.length, movedTo: s3.repaired.quarantineDirectory },
      'embedded object store: unfinished writes of an earlier process were moved aside',
    );
  }
  const transport = opts.transport ?? new InProcessTransport();
  const services = new Map<string, { app: NestFastifyApplication; runtime: ServiceRuntime }>();
  const databases: Database[] = [];
  try {
    for (const def of SERVICES) {
      const logger = new PinoNestLogger(
        createLogger({
          service: def.name,
          level,
          ...(opts.logDestination && { destination: opts.logDestination }),
        }),
      );
      const db = opts.openServiceDatabase
        ? await opts.openServiceDatabase(def.name)
        : await openDatabase({ kind: 'pglite', dataDir: dataDir ? path.join(dataDir, def.name) : undefined });
      databases.push(db);
      const storage = def.usesStorage
        ? new ObjectStorage({
            endpoint: s3.endpoint,
            accessKey: s3.accessKey,
            secretKey: s3.secretKey,
            region: s3.region,
          })
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
        // A safety net only: every commit that stages events (requests and consumers alike) wakes its relay at once.
        relayPollMs: 500,
        seedDemoData: true,
        security,
        // The embedded hall is the one place with a default PII keyring (fixed, development only).
        pii: developmentPiiKeyring(),
      };
      const app = await createServiceApp({
        runtime,
        module: def.module(runtime),
        title: def.title,
        description: def.description,
        bodyLimit: def.bodyLimit,
        rawBodyTypes: def.rawBodyTypes,
      });
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
export { checkHallExposure, HallExposureError, isLoopbackHost } from './hall-exposure.js';
