-- CreateTable
CREATE TABLE "disclosure_request" (
    "id" UUID NOT NULL,
    "request_no" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "agency_code" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "applicant_kind" TEXT NOT NULL,
    "applicant_user_id" TEXT,
    "applicant_name" TEXT NOT NULL,
    "applicant_id_type" TEXT NOT NULL,
    "applicant_id_number" TEXT NOT NULL,
    "applicant_id_number_bidx" TEXT,
    "applicant_phone" TEXT,
    "description" TEXT NOT NULL,
    "purpose" TEXT,
    "delivery_form" TEXT NOT NULL,
    "delivery_way" TEXT NOT NULL,
    "postal_address" TEXT,
    "status" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "received_on" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "correction_items" JSONB,
    "correction_requested_at" TIMESTAMPTZ(3),
    "correction_due_at" TIMESTAMPTZ(3),
    "corrected_at" TIMESTAMPTZ(3),
    "extension_status" TEXT,
    "extension_days" INTEGER,
    "extension_reason" TEXT,
    "extension_requested_by" TEXT,
    "extension_decided_by" TEXT,
    "extension_decided_at" TIMESTAMPTZ(3),
    "answer_type" TEXT,
    "answer" JSONB,
    "answered_at" TIMESTAMPTZ(3),
    "answered_by" TEXT,
    "fee_yuan" INTEGER,
    "fee_method" TEXT,
    "withdrawn_at" TIMESTAMPTZ(3),
    "withdraw_reason" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "disclosure_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disclosure_request_pause" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "third_party" TEXT,
    "matter" TEXT,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" TEXT,
    "note" TEXT,

    CONSTRAINT "disclosure_request_pause_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disclosure_request_notice" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "bucket" TEXT,
    "key" TEXT,
    "sha256" TEXT,
    "size" INTEGER,

    CONSTRAINT "disclosure_request_notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disclosure_remedy" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "filed_on" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "decided_on" TEXT,
    "note" TEXT,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "disclosure_remedy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "disclosure_request_request_no_key" ON "disclosure_request"("request_no");

-- CreateIndex
CREATE INDEX "disclosure_request_department_code_created_at_idx" ON "disclosure_request"("department_code", "created_at");

-- CreateIndex
CREATE INDEX "disclosure_request_applicant_user_id_created_at_idx" ON "disclosure_request"("applicant_user_id", "created_at");

-- CreateIndex
CREATE INDEX "disclosure_request_status_correction_due_at_idx" ON "disclosure_request"("status", "correction_due_at");

-- CreateIndex
CREATE INDEX "disclosure_request_department_code_applicant_id_number_bidx_idx" ON "disclosure_request"("department_code", "applicant_id_number_bidx", "received_on");

-- CreateIndex
CREATE INDEX "disclosure_request_pause_request_id_started_at_idx" ON "disclosure_request_pause"("request_id", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "disclosure_request_notice_number_key" ON "disclosure_request_notice"("number");

-- CreateIndex
CREATE INDEX "disclosure_request_notice_request_id_issued_at_idx" ON "disclosure_request_notice"("request_id", "issued_at");

-- CreateIndex
CREATE INDEX "disclosure_remedy_request_id_idx" ON "disclosure_remedy"("request_id");

-- AddForeignKey
ALTER TABLE "disclosure_request_pause" ADD CONSTRAINT "disclosure_request_pause_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "disclosure_request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disclosure_request_notice" ADD CONSTRAINT "disclosure_request_notice_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "disclosure_request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disclosure_remedy" ADD CONSTRAINT "disclosure_remedy_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "disclosure_request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

