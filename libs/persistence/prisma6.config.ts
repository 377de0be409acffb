// Prisma 6.19 CLI configuration for `prisma6 migrate diff` (src/cli/migrate-new.ts): Prisma 7's differ needs the native
// schema engine, which cannot be downloaded here; 6.19's JS (WASM) schema engine diffs two schema files over an
// in-memory PGlite. The Prisma 7 clients and `prisma generate` do not use this file.
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { defineConfig } from 'prisma6/config';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  // pglite-prisma-adapter 0.7 (Prisma 7's driver protocol) also serves 6.19's schema engine.
  adapter: async () => new PrismaPGlite(new PGlite()),
});
