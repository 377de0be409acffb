-- AlterTable
ALTER TABLE "timeline_entry" ADD COLUMN     "case_no" TEXT;

-- CreateTable
CREATE TABLE "implementation_info" (
    "code" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "item_name" TEXT NOT NULL,
    "item_type" TEXT NOT NULL,
    "body_name" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,

    CONSTRAINT "implementation_info_pkey" PRIMARY KEY ("code","version")
);

-- CreateTable
CREATE TABLE "supervised_case" (
    "application_no" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "implementation_code" TEXT NOT NULL,
    "implementation_version" INTEGER NOT NULL,
    "item_name" TEXT NOT NULL,
    "applicant_user_id" TEXT,
    "applicant_name" TEXT,
    "received_at" TIMESTAMPTZ(3),
    "accepted_at" TIMESTAMPTZ(3),
    "accepted_by" TEXT,
    "acceptance_mode" TEXT,
    "refused_at" TIMESTAMPTZ(3),
    "supplement_count" INTEGER NOT NULL DEFAULT 0,
    "case_id" TEXT,
    "joint_kind" TEXT,
    "promised_limit_days" INTEGER NOT NULL,
    "legal_limit_days" INTEGER NOT NULL,
    "extension_days" INTEGER NOT NULL DEFAULT 0,
    "promised_due_at" TIMESTAMPTZ(3),
    "legal_due_at" TIMESTAMPTZ(3),
    "pauses" JSONB NOT NULL,
    "extensions" JSONB NOT NULL,
    "paused_since" TIMESTAMPTZ(3),
    "decision_outcome" TEXT,
    "decision_reasons" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "completion_outcome" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "delivery_method" TEXT,
    "closed_at" TIMESTAMPTZ(3),
    "licence_identifiers" JSONB NOT NULL,
    "working_days_used" INTEGER,
    "on_time" BOOLEAN,
    "card_level" TEXT NOT NULL DEFAULT 'green',
    "last_event_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "supervised_case_pkey" PRIMARY KEY ("application_no")
);

-- CreateTable
CREATE TABLE "case_task" (
    "application_no" TEXT NOT NULL,
    "task_id" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "department_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "limit_days" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "assignee_id" TEXT,
    "assignee_name" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "verdict" TEXT,
    "opinion" TEXT,
    "officials" JSONB NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "working_days_used" INTEGER,

    CONSTRAINT "case_task_pkey" PRIMARY KEY ("application_no","task_id")
);

-- CreateTable
CREATE TABLE "case_clock" (
    "application_no" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "limit_days" INTEGER NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "stopped_at" TIMESTAMPTZ(3),
    "open" BOOLEAN NOT NULL,
    "paused_since" TIMESTAMPTZ(3),
    "pauses" JSONB NOT NULL,
    "used_days" INTEGER NOT NULL,
    "level" TEXT NOT NULL,

    CONSTRAINT "case_clock_pkey" PRIMARY KEY ("application_no","subject")
);

-- CreateTable
CREATE TABLE "anomaly" (
    "id" TEXT NOT NULL,
    "application_no" TEXT NOT NULL,
    "rule_no" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "region_code" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,

    CONSTRAINT "anomaly_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "supervision_no" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "application_no" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "rule_no" TEXT NOT NULL,
    "warning_type" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "item_type" TEXT NOT NULL,
    "item_name" TEXT NOT NULL,
    "responsible_department" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" TEXT,
    "result" TEXT,
    "cleared_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "supervised_case_region_code_status_idx" ON "supervised_case"("region_code", "status");

-- CreateIndex
CREATE INDEX "supervised_case_department_code_received_at_idx" ON "supervised_case"("department_code", "received_at");

-- CreateIndex
CREATE INDEX "supervised_case_received_at_idx" ON "supervised_case"("received_at");

-- CreateIndex
CREATE INDEX "case_task_department_code_completed_at_idx" ON "case_task"("department_code", "completed_at");

-- CreateIndex
CREATE INDEX "case_clock_open_level_due_at_idx" ON "case_clock"("open", "level", "due_at");

-- CreateIndex
CREATE INDEX "case_clock_region_code_open_due_at_idx" ON "case_clock"("region_code", "open", "due_at");

-- CreateIndex
CREATE INDEX "anomaly_application_no_idx" ON "anomaly"("application_no");

-- CreateIndex
CREATE INDEX "anomaly_region_code_rule_no_idx" ON "anomaly"("region_code", "rule_no");

-- CreateIndex
CREATE UNIQUE INDEX "alert_supervision_no_key" ON "alert"("supervision_no");

-- CreateIndex
CREATE INDEX "alert_dedupe_key_status_idx" ON "alert"("dedupe_key", "status");

-- CreateIndex
CREATE INDEX "alert_region_code_status_level_idx" ON "alert"("region_code", "status", "level");

-- CreateIndex
CREATE INDEX "alert_application_no_idx" ON "alert"("application_no");

-- CreateIndex
CREATE INDEX "timeline_entry_case_no_occurred_at_idx" ON "timeline_entry"("case_no", "occurred_at");

