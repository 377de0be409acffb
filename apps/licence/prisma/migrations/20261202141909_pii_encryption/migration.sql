-- Personal data at rest: the holder code (居民身份证号码 / 统一社会信用代码) of licences and shares becomes a `pii:<keyId>:…`
-- ciphertext (AES-256-GCM), also inside the stored directory record, with an HMAC-SHA-256 blind index for the holder's
-- lookup. SQL cannot encrypt with the application key: LicenceStore encrypts existing rows at startup (idempotent).

-- DropIndex
DROP INDEX "licence_holder_id_number_idx";

-- AlterTable
ALTER TABLE "licence" ADD COLUMN     "holder_id_number_bidx" TEXT;

-- CreateIndex
CREATE INDEX "licence_holder_id_number_bidx_idx" ON "licence"("holder_id_number_bidx");

