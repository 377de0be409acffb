-- AlterTable
ALTER TABLE "enquiry" ADD COLUMN     "answered_on_time" BOOLEAN;

-- CreateTable
CREATE TABLE "enquiry_deflection" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "implementation_code" TEXT,
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "enquiry_deflection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "enquiry_deflection_region_code_created_at_idx" ON "enquiry_deflection"("region_code", "created_at");

