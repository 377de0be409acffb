-- AlterTable
ALTER TABLE "supervised_case" ADD COLUMN     "handover" JSONB;

