-- CreateTable
CREATE TABLE "implementation_version" (
    "code" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "legal_limit_days" INTEGER NOT NULL,
    "promised_limit_days" INTEGER NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,
    "snapshot" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "implementation_version_pkey" PRIMARY KEY ("code","version")
);

-- CreateTable
CREATE TABLE "application" (
    "no" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL,
    "implementation_code" TEXT NOT NULL,
    "implementation_version" INTEGER NOT NULL,
    "item_name" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "implementing_body" TEXT NOT NULL,
    "promised_limit_days" INTEGER NOT NULL,
    "legal_limit_days" INTEGER NOT NULL,
    "applicant_kind" TEXT NOT NULL,
    "applicant_user_id" TEXT,
    "applicant_name" TEXT NOT NULL,
    "applicant_id_type" TEXT NOT NULL,
    "applicant_id_number" TEXT NOT NULL,
    "applicant_phone" TEXT,
    "applicant_email" TEXT,
    "agent" JSONB,
    "submitted_by" JSONB NOT NULL,
    "form_data" JSONB NOT NULL,
    "missing_material_ids" TEXT[],
    "delivery_method" TEXT NOT NULL DEFAULT 'window',
    "delivery_address" JSONB,
    "pickup_code" TEXT,
    "tracking_no" TEXT,
    "acceptance_mode" TEXT,
    "accepted_by" JSONB,
    "refusal_reasons" TEXT,
    "redirect_to" TEXT,
    "tolerance_missing" TEXT[],
    "tolerance_promise" TEXT,
    "tolerance_supply_by" TIMESTAMPTZ(3),
    "tolerance_satisfied_at" TIMESTAMPTZ(3),
    "supplement_due_by" TIMESTAMPTZ(3) NOT NULL,
    "decision_outcome" TEXT,
    "decision_reasons" TEXT,
    "decision_case_id" TEXT,
    "expected_licence_types" TEXT[],
    "withdraw_reason" TEXT,
    "termination_reason" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "refused_at" TIMESTAMPTZ(3),
    "supplement_requested_at" TIMESTAMPTZ(3),
    "supplemented_at" TIMESTAMPTZ(3),
    "withdrawn_at" TIMESTAMPTZ(3),
    "terminated_at" TIMESTAMPTZ(3),
    "decided_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "application_pkey" PRIMARY KEY ("no")
);

-- CreateTable
CREATE TABLE "application_material" (
    "id" UUID NOT NULL,
    "application_no" TEXT NOT NULL,
    "material_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "files" JSONB NOT NULL,
    "licence_identifier" TEXT,
    "promise" TEXT,
    "round" INTEGER NOT NULL DEFAULT 0,
    "current" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "application_material_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "uploaded_file" (
    "id" UUID NOT NULL,
    "owner_user_id" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "application_no" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "uploaded_file_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notice" (
    "id" UUID NOT NULL,
    "application_no" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "status_history" (
    "id" BIGSERIAL NOT NULL,
    "application_no" TEXT NOT NULL,
    "from_status" TEXT,
    "to_status" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor" JSONB NOT NULL,
    "note" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "status_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_key" (
    "user_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "application_no" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_key_pkey" PRIMARY KEY ("user_id","key")
);

-- CreateTable
CREATE TABLE "application_sequence" (
    "region_code" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "application_sequence_pkey" PRIMARY KEY ("region_code","day")
);

-- CreateTable
CREATE TABLE "issued_licence" (
    "identifier" TEXT NOT NULL,
    "application_no" TEXT NOT NULL,
    "licence_type_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "issued_licence_pkey" PRIMARY KEY ("identifier")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL,
    "user_id" TEXT,
    "email" TEXT,
    "application_no" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "read_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "send_attempts" INTEGER NOT NULL DEFAULT 0,
    "send_error" TEXT,

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "application_region_code_status_received_at_idx" ON "application"("region_code", "status", "received_at");

-- CreateIndex
CREATE INDEX "application_applicant_user_id_received_at_idx" ON "application"("applicant_user_id", "received_at");

-- CreateIndex
CREATE INDEX "application_status_supplement_due_by_idx" ON "application"("status", "supplement_due_by");

-- CreateIndex
CREATE INDEX "application_decided_at_idx" ON "application"("decided_at");

-- CreateIndex
CREATE INDEX "application_material_application_no_material_id_idx" ON "application_material"("application_no", "material_id");

-- CreateIndex
CREATE UNIQUE INDEX "uploaded_file_key_key" ON "uploaded_file"("key");

-- CreateIndex
CREATE INDEX "uploaded_file_owner_user_id_idx" ON "uploaded_file"("owner_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "notice_number_key" ON "notice"("number");

-- CreateIndex
CREATE INDEX "notice_application_no_idx" ON "notice"("application_no");

-- CreateIndex
CREATE INDEX "status_history_application_no_id_idx" ON "status_history"("application_no", "id");

-- CreateIndex
CREATE INDEX "issued_licence_application_no_idx" ON "issued_licence"("application_no");

-- CreateIndex
CREATE INDEX "notification_user_id_created_at_idx" ON "notification"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "notification_sent_at_created_at_idx" ON "notification"("sent_at", "created_at");

-- AddForeignKey
ALTER TABLE "application_material" ADD CONSTRAINT "application_material_application_no_fkey" FOREIGN KEY ("application_no") REFERENCES "application"("no") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notice" ADD CONSTRAINT "notice_application_no_fkey" FOREIGN KEY ("application_no") REFERENCES "application"("no") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_history" ADD CONSTRAINT "status_history_application_no_fkey" FOREIGN KEY ("application_no") REFERENCES "application"("no") ON DELETE RESTRICT ON UPDATE CASCADE;


-- One-time supplement notice (一次性告知): at most one per application, enforced by the database too.
CREATE UNIQUE INDEX "notice_one_supplement_per_application" ON "notice"("application_no") WHERE "kind" = 'supplement';

-- Backfill the version history from the latest-version read model kept before this migration.
INSERT INTO "implementation_version" ("code", "version", "name", "region_code", "department_code", "legal_limit_days", "promised_limit_days", "published_at", "snapshot")
SELECT "code", "version", "name", "region_code", COALESCE("snapshot"->'implementingBody'->>'departmentCode', ''), "legal_limit_days", "promised_limit_days", "published_at", "snapshot"
FROM "implementation_view";
