// Minimal typings for s3rver 3 (CommonJS, ships no types); only what embedded-s3.server.ts uses.
declare module 's3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    vhostBuckets?: boolean;
    allowMismatchedSignatures?: boolean;
    serviceEndpoint?: string;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  /** The filesystem store behind the server (the methods embedded-s3.server.ts wraps). */
  interface S3rverStore {
    /** The bucket (its name and creation date) when its folder exists, else null. */
    getBucket(bucket: string): Promise<unknown>;
    getSubresource(bucket: string, key: string | undefined, resourceType: string): Promise<unknown>;
    putSubresource(bucket: string, key: string | undefined, resource: { type: string }): Promise<void>;
    deleteSubresource(bucket: string, key: string | undefined, resourceType: string): Promise<void>;
    putBucket(bucket: string): Promise<unknown>;
    deleteBucket(bucket: string): Promise<unknown>;
    reset(): void;
    /** `<directory>/<bucket>/<key>._S3rver_<resource>` (resource `object`, `object.md5`, `metadata.json`). */
    getResourcePath(bucket: string, key: string, resource: string): string;
    /** Writes the object (an S3Object: bucket, key, content stream or buffer, metadata) and its `.md5` and metadata. */
    putObject(object: unknown): Promise<{ size: number; md5: string }>;
    /** The stored metadata plus etag, last-modified and content-length; rejects with ENOENT for a missing object. */
    getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
    /** The object (an S3Object, its content a stream) or null when missing; `range` set when a range was asked for. */
    getObject(bucket: string, key: string, options?: { start?: number; end?: number }): Promise<unknown>;
  }

  /** The Koa application s3rver is (the parts embedded-s3.server.ts uses). */
  class S3rver {
    constructor(options?: S3rverOptions);
    readonly store: S3rverStore;
    /** Koa's middleware list; the first is s3rver's request logger (koa-logger). */
    readonly middleware: Array<(...args: never[]) => unknown>;
    /** The winston logger behind `ctx.logger`. */
    readonly logger: { silent: boolean; close(): void };
    /** Koa's request handler: the whole S3 API for one request, answered on `res`. */
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }

  export type { S3rverStore };
  export default S3rver;
}
