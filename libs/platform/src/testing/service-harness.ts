import path from 'node:path';
import { TokenVerifier } from '@hall/auth';
import {
  demoAccounts,
  fetchTokenWithPassword,
  startDevIdentityProvider,
  type DemoAccount,
  type DevIdentityProviderOptions,
} from '@hall/auth/dev';
import { InProcessTransport } from '@hall/messaging';
import { createTestDatabase, type TestDatabase } from '@hall/persistence';
import { ObjectStorage, startEmbeddedS3, type EmbeddedS3 } from '@hall/storage';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp } from '../bootstrap.js';
import type { ServiceDefinition } from '../service-definition.js';
import type { ServiceRuntime } from '../service-runtime.js';
import { telemetryTracing } from '../tracing-hooks.js';
import { recordServerError } from './server-errors.js';

export interface ServiceHarness {
  app: NestFastifyApplication;
  runtime: ServiceRuntime;
  /** Base URL of the service (e.g. for Supertest: `request(h.url)`). */
  url: string;
  transport: InProcessTransport;
  database: TestDatabase;
  /** The s3rver behind `runtime.storage` when the service stores documents (tests may stop it: an outage). */
  storageServer?: EmbeddedS3;
  /** The dev identity provider's realm URL (the tokens' issuer), e.g. `http://127.0.0.1:41234/realms/hall`. */
  realmUrl: string;
  /** An access token of a demo account (password grant through the dev identity provider). */
  tokenFor(username: string): Promise<string>;
  close(): Promise<void>;
}

const silent = {
  log: () => undefined,
  error: recordServerError,
  warn: () => undefined,
  debug: () => undefined,
  verbose: () => undefined,
};

/**
 * One service booted for an e2e test exactly as in production: its own fresh database (PostgreSQL or
 * PGlite), real migrations, a real dev identity provider issuing signed tokens, s3rver when it stores
 * documents, the in-process transport. Listening on a random loopback port.
 */
export async function startServiceForTest(
  def: ServiceDefinition,
  opts: {
    db: 'pg' | 'pglite';
    seedDemoData?: boolean;
    /** Test-only accounts added to the demo accounts (password `demo`). */
    extraAccounts?: readonly DemoAccount[];
    /** The in-process transport to use (e.g. one that records subscriptions); a fresh one by default. */
    transport?: InProcessTransport;
    /** More dev identity provider options (e.g. `keyFile` to sign test tokens with the realm key). */
    idp?: Omit<DevIdentityProviderOptions, 'publicBaseUrl'>;
    /** Security settings of the HTTP layer (trusted proxies, rate limits); default: the platform defaults. */
    security?: ServiceRuntime['security'];
    /** The service's logger (default: silent, errors kept for `serverErrors`). */
    logger?: ServiceRuntime['logger'];
  },
): Promise<ServiceHarness> {
  const idp = await startDevIdentityProvider({
    exposeDemoAccounts: true,
    host: '127.0.0.1',
    port: 0,
    ...opts.idp,
    ...(opts.extraAccounts && { accounts: [...demoAccounts, ...opts.extraAccounts] }),
  });
  const database = await createTestDatabase(opts.db, { label: def.name });
  let s3: EmbeddedS3 | undefined;
  let storage: ObjectStorage | undefined;
  if (def.usesStorage) {
    s3 = await startEmbeddedS3();
    storage = new ObjectStorage({
      endpoint: s3.endpoint,
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
      region: s3.region,
    });
    await storage.ensureBuckets();
  }
  const transport = opts.transport ?? new InProcessTransport({ redeliveryDelayMs: 10 });
  const runtime: ServiceRuntime = {
    name: def.name,
    db: database.db,
    transport,
    storage,
    tokenVerifier: new TokenVerifier({ realmUrl: idp.realmUrl, clientId: 'hall-api' }),
    logger: opts.logger ?? silent,
    tracing: telemetryTracing,
    migrationsDir: path.join(def.appDir, 'prisma', 'migrations'),
    relayPollMs: 20,
    seedDemoData: opts.seedDemoData ?? false,
    ...(opts.security && { security: opts.security }),
  };
  const app = await createServiceApp({
    runtime,
    module: def.module(runtime),
    title: def.title,
    description: def.description,
    bodyLimit: def.bodyLimit,
    rawBodyTypes: def.rawBodyTypes,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const fastify = app.getHttpAdapter().getInstance();
  const appAddress = fastify.server.address();
  const url = `http://127.0.0.1:${typeof appAddress === 'object' && appAddress ? appAddress.port : 0}`;
  const tokens = new Map<string, string>();
  return {
    app,
    runtime,
    url,
    transport,
    database,
    ...(s3 && { storageServer: s3 }),
    realmUrl: idp.realmUrl,
    async tokenFor(username) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const set = await fetchTokenWithPassword({
        realmUrl: idp.realmUrl,
        clientId: 'hall-cli',
        username,
        password: 'demo',
      });
      tokens.set(username, set.access_token);
      return set.access_token;
    },
    async close() {
      await app.close();
      await transport.close();
      await database.dispose();
      await s3?.close().catch(() => undefined); // a test may have stopped it already
      await idp.close();
    },
  };
}

/** Supertest body parser that collects a binary response (PDF, xlsx) into a Buffer. */
export function binaryParser(res: unknown, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}
