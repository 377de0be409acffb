-- CreateTable
CREATE TABLE "supplement_notice_attempt" (
    "id" UUID NOT NULL,
    "application_no" TEXT NOT NULL,
    "existing_notice_id" TEXT NOT NULL,
    "actor" JSONB NOT NULL,
    "status_at_attempt" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "supplement_notice_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "supplement_notice_attempt_application_no_idx" ON "supplement_notice_attempt"("application_no");

