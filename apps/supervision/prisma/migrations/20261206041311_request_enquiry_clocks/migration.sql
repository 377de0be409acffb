-- AlterTable
ALTER TABLE "timeline_entry" ADD COLUMN     "matter_no" TEXT;

-- CreateTable
CREATE TABLE "supervised_matter" (
    "matter_no" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sub_kind" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "department_code" TEXT,
    "status" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "limit_days" INTEGER NOT NULL,
    "extension_days" INTEGER NOT NULL DEFAULT 0,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "stopped_at" TIMESTAMPTZ(3),
    "open" BOOLEAN NOT NULL,
    "paused_since" TIMESTAMPTZ(3),
    "pauses" JSONB NOT NULL,
    "paused_days" INTEGER NOT NULL,
    "clock_pauses" JSONB NOT NULL,
    "used_days" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "on_time" BOOLEAN,
    "outcome" TEXT,
    "last_event_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "supervised_matter_pkey" PRIMARY KEY ("matter_no")
);

-- CreateIndex
CREATE INDEX "supervised_matter_region_code_kind_received_at_idx" ON "supervised_matter"("region_code", "kind", "received_at");

-- CreateIndex
CREATE INDEX "supervised_matter_open_level_due_at_idx" ON "supervised_matter"("open", "level", "due_at");

-- CreateIndex
CREATE INDEX "timeline_entry_matter_no_occurred_at_idx" ON "timeline_entry"("matter_no", "occurred_at");

