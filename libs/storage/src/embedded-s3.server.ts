import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface EmbeddedS3Options {
  /** Where objects are kept; a fresh temporary directory (removed on close) when omitted. */
  readonly directory?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
}

/** A running s3rver plus the settings to reach it (spread it into StorageConfig). */
export interface EmbeddedS3 {
  readonly endpoint: string;
  readonly accessKey: 'S3RVER';
  readonly secretKey: 'S3RVER';
  readonly region: 'us-east-1';
  readonly directory: string;
  close(): Promise<void>;
}

/**
 * Starts s3rver, a file-backed S3 API, for development (embedded mode) and tests. Silent, path-style only.
 * Limitation: s3rver cannot list multipart uploads, so uploads must fit in one part (ObjectStorage does
 * that whenever `maxBytes <= partSizeBytes`, 64 MiB by default).
 */
export async function startEmbeddedS3(options: EmbeddedS3Options = {}): Promise<EmbeddedS3> {
  const host = options.host ?? '127.0.0.1';
  const ownDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(path.join(tmpdir(), 'hall-s3-')));
  const server = new S3rver({
    address: host,
    port: options.port ?? 0,
    silent: true,
    directory,
    resetOnClose: false,
    vhostBuckets: false,
    allowMismatchedSignatures: false,
  });
  let address;
  try {
    address = await server.run();
  } catch (err) {
    if (ownDirectory) await rm(directory, { recursive: true, force: true });
    throw err;
  }
  const endpointHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://${endpointHost}:${address.port}`,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    region: 'us-east-1',
    directory,
    close() {
      closing ??= (async () => {
        const stopped = server.close();
        // Keep-alive sockets of S3 clients would otherwise hold the server open.
        server.httpServer?.closeIdleConnections();
        const grace = setTimeout(() => server.httpServer?.closeAllConnections(), 1000);
        try {
          await stopped;
        } finally {
          clearTimeout(grace);
        }
        if (ownDirectory) await rm(directory, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
