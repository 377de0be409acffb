-- AlterTable
ALTER TABLE "supervised_case" ADD COLUMN     "taken_in_region" TEXT;

-- CreateIndex
CREATE INDEX "supervised_case_taken_in_region_idx" ON "supervised_case"("taken_in_region");

