-- AlterTable
ALTER TABLE "enquiry" ADD COLUMN     "re_answer" TEXT,
ADD COLUMN     "review_decision" TEXT,
ADD COLUMN     "review_note" TEXT,
ADD COLUMN     "reviewed_at" TIMESTAMPTZ(3),
ADD COLUMN     "reviewed_by" TEXT;

