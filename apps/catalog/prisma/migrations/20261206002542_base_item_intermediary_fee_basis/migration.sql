-- AlterTable
ALTER TABLE "base_item" ADD COLUMN     "fee_basis" TEXT,
ADD COLUMN     "intermediary_services" JSONB NOT NULL DEFAULT '[]';

