-- AlterTable
ALTER TABLE "base_item" ADD COLUMN     "legal_limit_days" INTEGER;


-- Backfill: a base item takes the legal limit its implementations state, where they all state the same one
-- (otherwise it stays empty and each implementation keeps its own until the base item is given one).
UPDATE "base_item" b SET "legal_limit_days" = x.days
  FROM (SELECT "base_code", min(("draft"->>'legalLimitDays')::int) AS days FROM "implementation"
         WHERE ("draft"->>'legalLimitDays') IS NOT NULL GROUP BY "base_code" HAVING count(DISTINCT "draft"->>'legalLimitDays') = 1) x
 WHERE x."base_code" = b."code";
