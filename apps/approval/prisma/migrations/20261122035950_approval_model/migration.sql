-- CreateTable
CREATE TABLE "implementation_version_view" (
    "code" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "body_name" TEXT NOT NULL,
    "body_uscc" TEXT NOT NULL,
    "body_department_code" TEXT NOT NULL,
    "legal_limit_days" INTEGER NOT NULL,
    "promised_limit_days" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,
    "retired_at" TIMESTAMPTZ(3),
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "implementation_version_view_pkey" PRIMARY KEY ("code","version")
);

-- CreateTable
CREATE TABLE "approval_case" (
    "id" UUID NOT NULL,
    "application_no" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "joint_kind" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "implementation_code" TEXT NOT NULL,
    "implementation_version" INTEGER NOT NULL,
    "item_name" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "lead_department_code" TEXT NOT NULL,
    "deciding_department_code" TEXT NOT NULL,
    "department_codes" TEXT[],
    "applicant" JSONB NOT NULL,
    "form_data" JSONB NOT NULL,
    "materials" JSONB NOT NULL,
    "acceptance_mode" TEXT NOT NULL,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_by" TEXT NOT NULL,
    "accepted_by_name" TEXT NOT NULL,
    "promised_limit_days" INTEGER NOT NULL,
    "legal_limit_days" INTEGER NOT NULL,
    "extension_days" INTEGER NOT NULL DEFAULT 0,
    "promised_due_at" TIMESTAMPTZ(3) NOT NULL,
    "legal_due_at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" TEXT,
    "reasons" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" JSONB,
    "audit_seq" INTEGER NOT NULL DEFAULT 0,
    "audit_head" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "approval_case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approval_task" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "application_no" TEXT NOT NULL,
    "item_name" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "department_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "version" INTEGER NOT NULL DEFAULT 0,
    "assignee_id" TEXT,
    "assignee_name" TEXT,
    "claimed_at" TIMESTAMPTZ(3),
    "limit_days" INTEGER NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "two_officials" BOOLEAN NOT NULL DEFAULT false,
    "pending_verdict" TEXT,
    "pending_opinion" TEXT,
    "first_official" JSONB,
    "verdict" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "opinion" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "department_code" TEXT NOT NULL,
    "department_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "officials" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "opinion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "special_procedure" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "days" INTEGER,
    "expected_days" INTEGER,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "result" TEXT,
    "notice" TEXT NOT NULL,
    "started_by" JSONB NOT NULL,
    "ended_by" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "special_procedure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" BIGSERIAL NOT NULL,
    "case_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "actor" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "opinion" TEXT,
    "before" JSONB,
    "after" JSONB,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "approval_case_application_no_key" ON "approval_case"("application_no");

-- CreateIndex
CREATE INDEX "approval_case_region_code_status_idx" ON "approval_case"("region_code", "status");

-- CreateIndex
CREATE INDEX "approval_task_department_code_status_due_at_idx" ON "approval_task"("department_code", "status", "due_at");

-- CreateIndex
CREATE INDEX "approval_task_case_id_idx" ON "approval_task"("case_id");

-- CreateIndex
CREATE UNIQUE INDEX "approval_task_case_id_department_code_role_key" ON "approval_task"("case_id", "department_code", "role");

-- CreateIndex
CREATE UNIQUE INDEX "opinion_task_id_key" ON "opinion"("task_id");

-- CreateIndex
CREATE INDEX "opinion_case_id_idx" ON "opinion"("case_id");

-- CreateIndex
CREATE INDEX "special_procedure_case_id_idx" ON "special_procedure"("case_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_entry_case_id_seq_key" ON "audit_entry"("case_id", "seq");

-- AddForeignKey
ALTER TABLE "approval_task" ADD CONSTRAINT "approval_task_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "approval_case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "opinion" ADD CONSTRAINT "opinion_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "approval_case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "special_procedure" ADD CONSTRAINT "special_procedure_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "approval_case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the default department queue (open tasks, earliest deadline first) reads this partial index in
-- order, so a page costs the same with 1 M tasks as with 1 k.
CREATE INDEX "approval_task_open_queue_idx" ON "approval_task"("department_code", "due_at", "id")
    WHERE "status" IN ('pending', 'claimed', 'cosign');

-- Hand-written: the audit log is append-only. Rows can be inserted, never changed or removed (tampering by
-- someone able to disable this trigger is still caught by the hash chain: GET /cases/:id/audit/verify).
CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "audit_entry_append_only" BEFORE UPDATE OR DELETE ON "audit_entry"
    FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();
