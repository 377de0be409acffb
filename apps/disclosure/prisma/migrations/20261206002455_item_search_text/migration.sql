-- AlterTable
ALTER TABLE "disclosure_item" ADD COLUMN     "search_text" TEXT NOT NULL DEFAULT '';

