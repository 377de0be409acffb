-- AlterTable
ALTER TABLE "application" ADD COLUMN     "closing_action" TEXT,
ADD COLUMN     "closing_requested_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "return_request" (
    "id" UUID NOT NULL,
    "application_no" TEXT NOT NULL,
    "task_id" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "department_name" TEXT NOT NULL,
    "opinion" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "notice_id" UUID,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "answered_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "return_request_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "return_request_application_no_idx" ON "return_request"("application_no");

