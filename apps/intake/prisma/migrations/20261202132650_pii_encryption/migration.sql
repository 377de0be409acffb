-- Personal data encrypted at rest: applicant ID and phone numbers become `pii:<keyId>:…` ciphertexts (AES-256-GCM) with
-- HMAC-SHA-256 blind indexes for lookup. SQL cannot encrypt with the application key: rows written before this
-- migration are encrypted by IntakeStore at startup (backfillPii: idempotent, it skips values with the prefix).

-- AlterTable
ALTER TABLE "application" ADD COLUMN     "applicant_id_number_bidx" TEXT,
ADD COLUMN     "applicant_phone_bidx" TEXT;

-- CreateIndex
CREATE INDEX "application_applicant_id_number_bidx_idx" ON "application"("applicant_id_number_bidx");

-- CreateIndex
CREATE INDEX "application_applicant_phone_bidx_idx" ON "application"("applicant_phone_bidx");

