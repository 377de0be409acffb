-- AlterTable
ALTER TABLE "approval_case" ADD COLUMN     "close_reason" TEXT,
ADD COLUMN     "closed_at" TIMESTAMPTZ(3),
ADD COLUMN     "closing" TEXT;

-- AlterTable
ALTER TABLE "approval_task" ADD COLUMN     "pending_items" JSONB;

-- CreateTable
CREATE TABLE "closed_application" (
    "application_no" TEXT NOT NULL,
    "closing" TEXT NOT NULL,
    "closed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "closed_application_pkey" PRIMARY KEY ("application_no")
);

