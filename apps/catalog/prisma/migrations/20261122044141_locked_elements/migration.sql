-- AlterTable
ALTER TABLE "base_item" ADD COLUMN     "implementing_body" TEXT;

