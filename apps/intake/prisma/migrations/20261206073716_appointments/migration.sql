-- AlterTable
ALTER TABLE "service_point" ADD COLUMN     "appointment_periods" TEXT[] DEFAULT ARRAY['09:00-12:00', '13:30-17:00']::TEXT[],
ADD COLUMN     "slot_capacity" INTEGER NOT NULL DEFAULT 2,
ADD COLUMN     "slot_minutes" INTEGER NOT NULL DEFAULT 30;

-- CreateTable
CREATE TABLE "appointment_slot" (
    "service_point_id" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "start" TEXT NOT NULL,
    "booked" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "appointment_slot_pkey" PRIMARY KEY ("service_point_id","date","start")
);

-- CreateTable
CREATE TABLE "appointment" (
    "id" UUID NOT NULL,
    "service_point_id" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "implementation_code" TEXT NOT NULL,
    "item_name" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "start" TEXT NOT NULL,
    "end" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "user_id" TEXT NOT NULL,
    "user_name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "active_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "cancelled_at" TIMESTAMPTZ(3),

    CONSTRAINT "appointment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "appointment_active_key_key" ON "appointment"("active_key");

-- CreateIndex
CREATE INDEX "appointment_user_id_starts_at_idx" ON "appointment"("user_id", "starts_at");

-- CreateIndex
CREATE INDEX "appointment_service_point_id_date_idx" ON "appointment"("service_point_id", "date");

-- CreateIndex
CREATE INDEX "appointment_region_code_date_idx" ON "appointment"("region_code", "date");

