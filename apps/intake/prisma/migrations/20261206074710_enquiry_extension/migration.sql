-- AlterTable
ALTER TABLE "enquiry" ADD COLUMN     "extension_days" INTEGER,
ADD COLUMN     "extension_note" TEXT,
ADD COLUMN     "extension_reason" TEXT,
ADD COLUMN     "extension_status" TEXT;

