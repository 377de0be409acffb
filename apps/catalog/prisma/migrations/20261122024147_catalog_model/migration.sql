-- AlterTable
ALTER TABLE "implementation" DROP COLUMN "implementing_body",
DROP COLUMN "item_type",
DROP COLUMN "legal_limit_days",
DROP COLUMN "name",
DROP COLUMN "promised_limit_days",
ADD COLUMN     "body_uscc" TEXT NOT NULL,
ADD COLUMN     "declared" JSONB,
ADD COLUMN     "department_code" TEXT NOT NULL,
ADD COLUMN     "draft" JSONB NOT NULL,
ADD COLUMN     "draft_hash" TEXT NOT NULL,
ADD COLUMN     "level" TEXT NOT NULL,
ADD COLUMN     "published_hash" TEXT;

-- AlterTable
ALTER TABLE "implementation_version" ADD COLUMN     "hash" TEXT NOT NULL;

-- CreateTable
CREATE TABLE "region" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "parent_code" TEXT,

    CONSTRAINT "region_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "department" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "department_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "base_item" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "legal_basis" TEXT NOT NULL,
    "parent_code" TEXT,
    "handling_kind" TEXT,
    "competent_department" TEXT,
    "defined_at_level" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "base_item_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "search_entry" (
    "code" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "base_code" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "body_name" TEXT NOT NULL,
    "audiences" TEXT[],
    "themes" TEXT[],
    "online" BOOLEAN NOT NULL,
    "case_type" TEXT NOT NULL,
    "promised_days" INTEGER NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "search_entry_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE INDEX "region_parent_code_idx" ON "region"("parent_code");

-- CreateIndex
CREATE INDEX "base_item_parent_code_idx" ON "base_item"("parent_code");

-- CreateIndex
CREATE INDEX "search_entry_region_code_idx" ON "search_entry"("region_code");

-- CreateIndex
CREATE INDEX "search_entry_base_code_idx" ON "search_entry"("base_code");

-- CreateIndex
CREATE INDEX "implementation_base_code_idx" ON "implementation"("base_code");

-- CreateIndex
CREATE UNIQUE INDEX "implementation_base_code_level_region_code_body_uscc_key" ON "implementation"("base_code", "level", "region_code", "body_uscc");

-- AddForeignKey
ALTER TABLE "implementation" ADD CONSTRAINT "implementation_base_code_fkey" FOREIGN KEY ("base_code") REFERENCES "base_item"("code") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Substring search (Chinese, pinyin) over the citizen index: trigram GIN index (hand-written; Prisma's
-- schema language does not express it). Needs the pg_trgm extension (PostgreSQL contrib; PGlite contrib).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "search_entry_search_text_trgm_idx" ON "search_entry" USING gin ("search_text" gin_trgm_ops);
CREATE INDEX "search_entry_audiences_idx" ON "search_entry" USING gin ("audiences");
CREATE INDEX "search_entry_themes_idx" ON "search_entry" USING gin ("themes");
