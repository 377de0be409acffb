-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "outbox" (
    "seq" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "headers" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "claimed_by" TEXT,
    "claimed_until" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "inbox" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateTable
CREATE TABLE "dead_letter" (
    "id" UUID NOT NULL,
    "consumer" TEXT NOT NULL,
    "event_id" TEXT,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "offset" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "headers" JSONB NOT NULL,
    "value" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "failed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replayed_at" TIMESTAMPTZ(3),
    "replay_outcome" TEXT,

    CONSTRAINT "dead_letter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_trace" (
    "application_no" TEXT NOT NULL,
    "traceparent" TEXT NOT NULL,
    "tracestate" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_trace_pkey" PRIMARY KEY ("application_no")
);

-- CreateTable
CREATE TABLE "disclosure_item" (
    "id" UUID NOT NULL,
    "index_no" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "agency_code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "written_on" TEXT NOT NULL,
    "published_on" TEXT,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "topic" TEXT NOT NULL,
    "open_category" TEXT NOT NULL,
    "key_area" TEXT,
    "kind" TEXT NOT NULL,
    "interprets_id" UUID,
    "status" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "author_id" TEXT NOT NULL,
    "author_name" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3),
    "reviewer_id" TEXT,
    "reviewer_name" TEXT,
    "reviewed_at" TIMESTAMPTZ(3),
    "review_note" TEXT,
    "published_at" TIMESTAMPTZ(3),
    "withdrawn_at" TIMESTAMPTZ(3),
    "withdraw_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "disclosure_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disclosure_item_version" (
    "item_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "note" TEXT,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "disclosure_item_version_pkey" PRIMARY KEY ("item_id","seq")
);

-- CreateTable
CREATE TABLE "disclosure_serial" (
    "agency_code" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "last_serial" INTEGER NOT NULL,

    CONSTRAINT "disclosure_serial_pkey" PRIMARY KEY ("agency_code","year","category")
);

-- CreateTable
CREATE TABLE "disclosure_attachment" (
    "id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "object_key" TEXT NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "disclosure_attachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_id_key" ON "outbox"("id");

-- CreateIndex
CREATE INDEX "outbox_published_at_seq_idx" ON "outbox"("published_at", "seq");

-- CreateIndex
CREATE INDEX "outbox_key_seq_idx" ON "outbox"("key", "seq");

-- CreateIndex
CREATE INDEX "dead_letter_consumer_failed_at_idx" ON "dead_letter"("consumer", "failed_at");

-- CreateIndex
CREATE UNIQUE INDEX "disclosure_item_index_no_key" ON "disclosure_item"("index_no");

-- CreateIndex
CREATE INDEX "disclosure_item_status_department_code_idx" ON "disclosure_item"("status", "department_code");

-- CreateIndex
CREATE INDEX "disclosure_item_status_open_category_idx" ON "disclosure_item"("status", "open_category");

-- CreateIndex
CREATE INDEX "disclosure_item_status_key_area_idx" ON "disclosure_item"("status", "key_area");

-- CreateIndex
CREATE INDEX "disclosure_item_interprets_id_idx" ON "disclosure_item"("interprets_id");

-- CreateIndex
CREATE INDEX "disclosure_item_status_due_at_idx" ON "disclosure_item"("status", "due_at");

-- CreateIndex
CREATE INDEX "disclosure_attachment_item_id_idx" ON "disclosure_attachment"("item_id");

-- AddForeignKey
ALTER TABLE "disclosure_item_version" ADD CONSTRAINT "disclosure_item_version_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "disclosure_item"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disclosure_attachment" ADD CONSTRAINT "disclosure_attachment_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "disclosure_item"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
