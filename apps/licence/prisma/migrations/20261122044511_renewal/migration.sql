-- AlterTable
ALTER TABLE "licence" ADD COLUMN     "superseded_by" TEXT;

-- CreateTable
CREATE TABLE "licence_implementation" (
    "implementation_code" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "handling_kind" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "licence_implementation_pkey" PRIMARY KEY ("implementation_code")
);

