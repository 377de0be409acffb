-- AlterTable
ALTER TABLE "uploaded_file" ADD COLUMN     "enquiry_no" TEXT;

-- CreateIndex
CREATE INDEX "uploaded_file_enquiry_no_idx" ON "uploaded_file"("enquiry_no");

