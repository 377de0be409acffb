-- 收费通知 (信息处理费, 国办函〔2020〕109号) and its payment; the applicant's withdrawal online or on paper (书面撤回,
-- registered by staff, with an optional scan). All NULL on existing rows: no fee notice was ever sent, and an existing
-- withdrawal by the applicant was made online.
-- AlterTable
ALTER TABLE "disclosure_request" ADD COLUMN     "fee_due_at" TIMESTAMPTZ(3),
ADD COLUMN     "fee_notified_at" TIMESTAMPTZ(3),
ADD COLUMN     "fee_paid_at" TIMESTAMPTZ(3),
ADD COLUMN     "fee_paid_on" TEXT,
ADD COLUMN     "fee_paid_recorded_by" TEXT,
ADD COLUMN     "fee_paid_via" TEXT,
ADD COLUMN     "fee_receipt_no" TEXT,
ADD COLUMN     "withdrawal_note" TEXT,
ADD COLUMN     "withdrawal_received_on" TEXT,
ADD COLUMN     "withdrawal_recorded_by" TEXT,
ADD COLUMN     "withdrawal_scan_key" TEXT,
ADD COLUMN     "withdrawal_scan_name" TEXT,
ADD COLUMN     "withdrawal_scan_sha256" TEXT,
ADD COLUMN     "withdrawal_scan_size" INTEGER,
ADD COLUMN     "withdrawal_scan_type" TEXT,
ADD COLUMN     "withdrawal_via" TEXT;

UPDATE "disclosure_request" SET "withdrawal_via" = 'online' WHERE "withdraw_reason" = 'applicant';

-- CreateIndex
CREATE INDEX "disclosure_request_status_fee_due_at_idx" ON "disclosure_request"("status", "fee_due_at");
