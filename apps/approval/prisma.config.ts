// Prisma CLI configuration: JS schema engine over an in-memory PGlite (no engine download needed);
// used by `prisma generate` and `prisma migrate diff`. Runtime clients are built in libs/persistence.
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  // The adapter pins an older @prisma/driver-adapter-utils: same protocol, different declared types.
  adapter: async () => new PrismaPGlite(new PGlite()) as never,
});
