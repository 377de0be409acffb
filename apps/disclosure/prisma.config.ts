// Prisma 7 CLI configuration, used by `prisma generate` only (scripts/db-generate.mjs). Runtime clients are built
// in libs/persistence; migration SQL comes from libs/persistence/src/cli/migrate-new.ts (Prisma 6.19's differ).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
});
