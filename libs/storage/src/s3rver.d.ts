// Minimal typings for s3rver 3 (CommonJS, ships no types); only what embedded-s3.server.ts uses.
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';
  import type { Server } from 'node:http';

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
  }

  class S3rver {
    constructor(options?: S3rverOptions);
    httpServer: Server | undefined;
    readonly store: S3rverStore;
    run(): Promise<AddressInfo>;
    /** Creates the store's HTTP server listening on `path` (a Unix socket here); set it as `httpServer` for close(). */
    listen(path: string): Promise<Server>;
    close(): Promise<void>;
  }

  export type { S3rverStore };
  export default S3rver;
}
