-- CreateTable
CREATE TABLE "enquiry" (
    "no" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "user_id" TEXT,
    "asker_name" TEXT,
    "code_hash" TEXT,
    "contact_name" TEXT,
    "contact_phone" TEXT,
    "public" BOOLEAN NOT NULL DEFAULT false,
    "region_code" TEXT NOT NULL,
    "department_code" TEXT,
    "implementation_code" TEXT,
    "application_no" TEXT,
    "due_by" TIMESTAMPTZ(3) NOT NULL,
    "transfers" INTEGER NOT NULL DEFAULT 0,
    "answer" TEXT,
    "answered_at" TIMESTAMPTZ(3),
    "answered_by" TEXT,
    "follow_up" TEXT,
    "follow_up_answer" TEXT,
    "rating" TEXT,
    "rating_comment" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "published_text" TEXT,

    CONSTRAINT "enquiry_pkey" PRIMARY KEY ("no")
);

-- CreateTable
CREATE TABLE "enquiry_step" (
    "id" UUID NOT NULL,
    "enquiry_no" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_id" TEXT,
    "actor_name" TEXT,
    "department_code" TEXT,
    "note" TEXT,
    "seq" BIGSERIAL NOT NULL,

    CONSTRAINT "enquiry_step_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enquiry_serial" (
    "prefix" TEXT NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "enquiry_serial_pkey" PRIMARY KEY ("prefix")
);

-- CreateIndex
CREATE INDEX "enquiry_user_id_created_at_idx" ON "enquiry"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "enquiry_status_region_code_idx" ON "enquiry"("status", "region_code");

-- CreateIndex
CREATE INDEX "enquiry_status_department_code_idx" ON "enquiry"("status", "department_code");

-- CreateIndex
CREATE INDEX "enquiry_step_enquiry_no_seq_idx" ON "enquiry_step"("enquiry_no", "seq");

-- AddForeignKey
ALTER TABLE "enquiry_step" ADD CONSTRAINT "enquiry_step_enquiry_no_fkey" FOREIGN KEY ("enquiry_no") REFERENCES "enquiry"("no") ON DELETE RESTRICT ON UPDATE CASCADE;

