-- CreateTable
CREATE TABLE "rating" (
    "id" UUID NOT NULL,
    "application_no" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "grade" TEXT NOT NULL,
    "comment" TEXT,
    "channel" TEXT NOT NULL,
    "rater_user_id" TEXT,
    "rater_name" TEXT,
    "recorded_by" TEXT NOT NULL,
    "applicant_present" BOOLEAN NOT NULL,
    "rated_at" TIMESTAMPTZ(3) NOT NULL,
    "region_code" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "item_name" TEXT NOT NULL,

    CONSTRAINT "rating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rectification" (
    "id" UUID NOT NULL,
    "rating_id" UUID NOT NULL,
    "application_no" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 1,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "callbacks" JSONB NOT NULL,
    "result" TEXT,
    "result_at" TIMESTAMPTZ(3),
    "result_by" TEXT,
    "appeal_reason" TEXT,
    "appealed_at" TIMESTAMPTZ(3),
    "review_outcome" TEXT,
    "review_conclusion" TEXT,
    "reviewed_at" TIMESTAMPTZ(3),
    "reviewed_by" TEXT,

    CONSTRAINT "rectification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "rating_application_no_key" ON "rating"("application_no");

-- CreateIndex
CREATE INDEX "rating_region_code_grade_idx" ON "rating"("region_code", "grade");

-- CreateIndex
CREATE INDEX "rating_department_code_rated_at_idx" ON "rating"("department_code", "rated_at");

-- CreateIndex
CREATE UNIQUE INDEX "rectification_rating_id_key" ON "rectification"("rating_id");

-- CreateIndex
CREATE INDEX "rectification_region_code_status_idx" ON "rectification"("region_code", "status");

