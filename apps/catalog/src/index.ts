import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@hall/platform';
import type { CatalogConfig } from './catalog.config.js';
import { CatalogModule } from './catalog.module.js';

/** The catalog service with explicit settings (tests); `catalogService` reads them from the environment. */
export function createCatalogService(config?: CatalogConfig): ServiceDefinition {
  return { ...catalogService, module: (runtime) => CatalogModule.register(runtime, config) };
}

/** The catalog service as both the standalone entry and the embedded hall boot it. */
export const catalogService: ServiceDefinition = {
  name: 'catalog',
  title: 'Catalog service 事项目录',
  description: 'Base items (基本目录), implementation lists (实施清单), service guides (办事指南), 三级四同.',
  appDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  usesStorage: true,
  bodyLimit: 32 * 1024 * 1024,
  rawBodyTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  module: (runtime) => CatalogModule.register(runtime),
};
