-- CreateTable
CREATE TABLE "application_query_code" (
    "application_no" TEXT NOT NULL,
    "code_hash" TEXT NOT NULL,
    "sealed_code" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "application_query_code_pkey" PRIMARY KEY ("application_no")
);

