/**
 * The benchmarks' object store in a process of its own (as MinIO runs beside the services in production): the
 * embedded s3rver on a temporary directory, its endpoint and keys printed as one JSON line, closed on SIGTERM.
 */
import { startEmbeddedS3 } from '@hall/storage';

const s3 = await startEmbeddedS3();
process.stdout.write(
  `${JSON.stringify({ endpoint: s3.endpoint, accessKey: s3.accessKey, secretKey: s3.secretKey, region: s3.region })}\n`,
);
process.once('SIGTERM', () => {
  void s3.close().finally(() => process.exit(0));
});
