-- AlterTable
ALTER TABLE "application" ADD COLUMN     "handed_over_at" TIMESTAMPTZ(3),
ADD COLUMN     "handover_from_point_id" TEXT,
ADD COLUMN     "handover_pending" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "service_point_id" TEXT,
ADD COLUMN     "taken_in_region" TEXT;

-- CreateTable
CREATE TABLE "service_point" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "opening_hours" TEXT NOT NULL,
    "phone" TEXT,
    "accepts_all_of_region" BOOLEAN NOT NULL DEFAULT false,
    "items" JSONB NOT NULL DEFAULT '[]',
    "clerk_ids" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "service_point_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "service_point_region_code_idx" ON "service_point"("region_code");

-- CreateIndex
CREATE INDEX "application_taken_in_region_idx" ON "application"("taken_in_region");

