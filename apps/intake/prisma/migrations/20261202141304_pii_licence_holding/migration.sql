-- The holder code of intake's e-licence read model is encrypted at rest (`pii:<keyId>:…`) with an HMAC-SHA-256 blind index
-- for the wallet's lookup. Existing rows are encrypted and indexed by IntakeStore at startup (idempotent backfill).

-- DropIndex
DROP INDEX "licence_holding_holder_id_number_idx";

-- AlterTable
ALTER TABLE "licence_holding" ADD COLUMN     "holder_id_number_bidx" TEXT;

-- CreateIndex
CREATE INDEX "licence_holding_holder_id_number_bidx_idx" ON "licence_holding"("holder_id_number_bidx");

