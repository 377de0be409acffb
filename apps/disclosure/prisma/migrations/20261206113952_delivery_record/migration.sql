-- Delivery records of answers sent by post or collected at the office (寄送/领取): one per request, NULL until recorded.
-- AlterTable
ALTER TABLE "disclosure_request" ADD COLUMN     "delivered_on" TEXT,
ADD COLUMN     "delivery_carrier" TEXT,
ADD COLUMN     "delivery_collected_by" TEXT,
ADD COLUMN     "delivery_kind" TEXT,
ADD COLUMN     "delivery_recorded_at" TIMESTAMPTZ(3),
ADD COLUMN     "delivery_recorded_by" TEXT,
ADD COLUMN     "delivery_tracking_no" TEXT;

