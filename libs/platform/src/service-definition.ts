import type { DynamicModule } from '@nestjs/common';
import type { ServiceRuntime } from './service-runtime.js';

/** How a service is booted, the same way standalone (`main.ts`) and embedded (`apps/hall`). */
export interface ServiceDefinition {
  name: string;
  title: string;
  description: string;
  /** Absolute path of the service's app folder (holds `prisma/migrations`). */
  appDir: string;
  /** Whether the service keeps documents in object storage (then S3_* variables are required). */
  usesStorage: boolean;
  /** Request body limit in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Content types whose bodies reach handlers as raw Buffers (e.g. xlsx imports). */
  rawBodyTypes?: readonly string[];
  module(runtime: ServiceRuntime): DynamicModule;
}
