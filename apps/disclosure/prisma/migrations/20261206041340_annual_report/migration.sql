-- CreateTable
CREATE TABLE "disclosure_annual_report" (
    "department_code" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "narrative" JSONB NOT NULL,
    "manual" JSONB NOT NULL,
    "figures" JSONB,
    "item_id" UUID,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "published_by" TEXT,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "disclosure_annual_report_pkey" PRIMARY KEY ("department_code","year")
);

