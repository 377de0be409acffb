export { BucketName, StorageConfig, type StorageConfigInput } from './storage.config.js';
export {
  DEFAULT_PRESIGN_TTL_SECONDS,
  MAX_OBJECT_BYTES,
  MAX_PRESIGN_TTL_SECONDS,
  ObjectStorage,
  type ObjectStorageOptions,
  type PresignedUrl,
  type PresignGetOptions,
  type StorageLogger,
  type StoredObject,
  type StoredObjectInfo,
  type UploadInput,
} from './object-storage.js';
export {
  authorize,
  isAuthorizedObjectRef,
  type AccessDecision,
  type AuthorizedObjectRef,
  type ObjectRef,
} from './object-access.js';
export { type ByteSource } from './byte-stream.js';
export { assertPlainFileName, contentDisposition, sanitizeFileName } from './file-name.js';
export { canonicalMime, checkUploadType, detectType, SNIFF_BYTES, type DetectedType } from './upload-type.js';
export { repairEmbeddedStore, type RepairReport } from './embedded-s3.repair.js';
export {
  embeddedS3Client,
  startEmbeddedS3,
  type EmbeddedS3,
  type EmbeddedS3Options,
} from './embedded-s3.server.js';
export {
  samplePdf,
  samplePng,
  samplePngDeclaring,
  sampleJpegDeclaring,
  sampleZip,
  type SampleZipEntry,
} from './sample-files.fixture.js';
export {
  ContentInspector,
  DEFAULT_CONTENT_LIMITS,
  checkImageSize,
  findHtmlMarkup,
  findPdfActiveContent,
  PDF_OBJECT_STREAMS_MAX_BYTES,
  inspectZipTail,
  readImageSize,
  ZIP_CONTAINER_TYPES,
  type ArchiveSummary,
  type ContentLimits,
  type ImageSize,
} from './content-inspection.js';
