-- AlterTable
ALTER TABLE "search_entry" ADD COLUMN     "rank" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "search_term" (
    "term" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,

    CONSTRAINT "search_term_pkey" PRIMARY KEY ("term","kind")
);

-- CreateIndex
CREATE INDEX "search_entry_department_code_idx" ON "search_entry"("department_code");

-- CreateIndex
CREATE INDEX "search_entry_rank_code_idx" ON "search_entry"("rank", "code");


-- Per matched term: its entries in static-rank order, with the filter columns in the index, so a page is read in
-- index order and a capped count is an index-only scan.
CREATE INDEX "search_entry_name_rank_code_idx" ON "search_entry" ("name", "rank", "code")
  INCLUDE ("region_code", "level", "type", "department_code", "online", "case_type");
CREATE INDEX "search_entry_body_name_rank_code_idx" ON "search_entry" ("body_name", "rank", "code")
  INCLUDE ("region_code", "level", "type", "department_code", "online", "case_type");
-- Keywords are matched against the (small) dictionary with the trigram index (hand-written; Prisma's schema
-- language does not express it).
CREATE INDEX "search_term_search_text_trgm_idx" ON "search_term" USING gin ("search_text" gin_trgm_ops);

-- Backfill for entries published before this migration: their static rank, and their terms. A name term takes
-- the entry's whole search text (name, pinyin, body, themes) — it may over-match until the next publish of the
-- item, which writes the exact text; bodies and themes are matched as written (lower case).
UPDATE "search_entry" SET "rank" = length("name") * 10 + CASE WHEN "level" ~ '^[0-9]$' THEN "level"::int ELSE 9 END;
INSERT INTO "search_term" ("term", "kind", "search_text")
  SELECT DISTINCT ON ("name") "name", 'name', "search_text" FROM "search_entry" ORDER BY "name", "published_at" DESC
  ON CONFLICT DO NOTHING;
INSERT INTO "search_term" ("term", "kind", "search_text")
  SELECT DISTINCT "body_name", 'body', lower("body_name") FROM "search_entry" ON CONFLICT DO NOTHING;
INSERT INTO "search_term" ("term", "kind", "search_text")
  SELECT DISTINCT t, 'theme', lower(t) FROM "search_entry", unnest("themes") AS t ON CONFLICT DO NOTHING;
