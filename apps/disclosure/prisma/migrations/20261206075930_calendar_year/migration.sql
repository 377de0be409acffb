-- CreateTable
CREATE TABLE "calendar_year" (
    "year" INTEGER NOT NULL,
    "holidays" JSONB NOT NULL,
    "workdays" JSONB NOT NULL,
    "source" TEXT,
    "replaced_at" TIMESTAMPTZ(3) NOT NULL,
    "replaced_by" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_year_pkey" PRIMARY KEY ("year")
);

