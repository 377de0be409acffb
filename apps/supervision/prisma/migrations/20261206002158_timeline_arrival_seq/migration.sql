-- AlterTable
ALTER TABLE "timeline_entry" ADD COLUMN     "seq" BIGSERIAL NOT NULL;

