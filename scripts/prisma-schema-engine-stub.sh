#!/bin/sh
# Stand-in for Prisma 7's native schema engine, which cannot be downloaded here. `prisma generate` never runs it;
# pointing PRISMA_SCHEMA_ENGINE_BINARY at this file (scripts/db-generate.mjs does) stops the CLI from trying to
# download one. Migration SQL comes from Prisma 6.19's JS schema engine instead (libs/persistence/src/cli/migrate-new.ts).
echo "schema engine not available" >&2
exit 1
