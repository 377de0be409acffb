import { z } from 'zod';

const MiB = 1024 * 1024;

/** S3 bucket naming rules: 3–63 chars of lowercase letters, digits, dots and hyphens; not an IPv4 address. */
export const BucketName = z
  .string()
  .regex(/^(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'not a valid S3 bucket name');

const HttpEndpoint = z.url({ protocol: /^https?$/ }).refine((value) => {
  const url = new URL(value);
  return (url.pathname === '/' || url.pathname === '') && url.search === '' && url.username === '';
}, 'endpoint must be a bare origin such as http://127.0.0.1:9000 (no path, query or credentials)');

/** Object storage settings (MinIO in production, s3rver when embedded or under test). */
export const StorageConfig = z.object({
  /** S3 API origin the services talk to, e.g. `http://minio:9000`. */
  endpoint: HttpEndpoint,
  /**
   * Origin used only to sign presigned URLs handed to browsers (the host is part of the signature), when
   * browsers reach the store under another name than the services do. Defaults to `endpoint`.
   */
  publicEndpoint: HttpEndpoint.optional(),
  accessKey: z.string().min(1),
  secretKey: z.string().min(1),
  region: z.string().min(1).default('us-east-1'),
  /** Path-style addressing (`/bucket/key`); required by s3rver, fine for MinIO. */
  pathStyle: z.boolean().default(true),
  /** Multipart part size; uploads whose `maxBytes` fits in one part go up as a single PUT. */
  partSizeBytes: z
    .int()
    .min(5 * MiB)
    .max(5 * 1024 * MiB)
    .default(64 * MiB),
  /**
   * Uploads that end within this many bytes are held in memory until their SHA-256 is known and go up as one PUT
   * carrying the digest in their metadata; larger ones stream (PUT, then an in-place copy that attaches the
   * digest). 0 streams everything.
   */
  bufferedUploadMaxBytes: z
    .int()
    .min(0)
    .max(16 * MiB)
    .default(MiB),
  buckets: z
    .object({
      /** Application materials uploaded by applicants (申请材料). */
      materials: BucketName.default('hall-materials'),
      /** Issued licence / certificate PDFs (证照). */
      licences: BucketName.default('hall-licences'),
    })
    .prefault({}),
});
export type StorageConfig = z.output<typeof StorageConfig>;
export type StorageConfigInput = z.input<typeof StorageConfig>;
