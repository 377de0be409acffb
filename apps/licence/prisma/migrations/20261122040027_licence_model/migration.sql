-- CreateTable
CREATE TABLE "licence_type" (
    "code" TEXT NOT NULL,
    "issuer_uscc" TEXT NOT NULL,
    "issuer_name" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "validity_months" INTEGER NOT NULL,
    "fields" JSONB NOT NULL,
    "template" TEXT NOT NULL DEFAULT 'standard',
    "implementation_code" TEXT NOT NULL,
    "implementation_version" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "licence_type_pkey" PRIMARY KEY ("code","issuer_uscc")
);

-- CreateTable
CREATE TABLE "licence_serial" (
    "issuer_uscc" TEXT NOT NULL,
    "type_code" TEXT NOT NULL,
    "last_serial" BIGINT NOT NULL,

    CONSTRAINT "licence_serial_pkey" PRIMARY KEY ("issuer_uscc","type_code")
);

-- CreateTable
CREATE TABLE "signing_key" (
    "kid" TEXT NOT NULL,
    "issuer_uscc" TEXT NOT NULL,
    "issuer_name" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL DEFAULT 'SM2-SM3',
    "public_key" TEXT NOT NULL,
    "private_key_enc" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "signing_key_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "licence" (
    "identifier" TEXT NOT NULL,
    "type_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "serial" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "previous_identifier" TEXT,
    "issuer_uscc" TEXT NOT NULL,
    "issuer_name" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "holder_kind" TEXT NOT NULL,
    "holder_name" TEXT NOT NULL,
    "holder_id_type" TEXT NOT NULL,
    "holder_id_number" TEXT NOT NULL,
    "holder_user_id" TEXT,
    "application_no" TEXT,
    "implementation_code" TEXT,
    "jurisdiction" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_until" TIMESTAMPTZ(3),
    "fields" JSONB NOT NULL,
    "template" TEXT NOT NULL DEFAULT 'standard',
    "record" JSONB NOT NULL,
    "signature" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "qr_payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'valid',
    "status_reason" TEXT,
    "status_changed_at" TIMESTAMPTZ(3),
    "status_changed_by" TEXT,
    "render_status" TEXT NOT NULL DEFAULT 'pending',
    "render_attempts" INTEGER NOT NULL DEFAULT 0,
    "render_error" TEXT,
    "render_claimed_until" TIMESTAMPTZ(3),
    "pdf_key" TEXT,
    "pdf_sha256" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "licence_pkey" PRIMARY KEY ("identifier")
);

-- CreateTable
CREATE TABLE "licence_status_change" (
    "id" BIGSERIAL NOT NULL,
    "identifier" TEXT NOT NULL,
    "from_status" TEXT NOT NULL,
    "to_status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "licence_status_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licence_share" (
    "id" UUID NOT NULL,
    "identifier" TEXT NOT NULL,
    "application_no" TEXT NOT NULL,
    "holder_id_number" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "licence_share_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licence_access" (
    "id" BIGSERIAL NOT NULL,
    "identifier" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "share_id" TEXT,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "detail" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "licence_access_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "signing_key_issuer_uscc_status_idx" ON "signing_key"("issuer_uscc", "status");

-- CreateIndex
CREATE INDEX "licence_holder_id_number_idx" ON "licence"("holder_id_number");

-- CreateIndex
CREATE INDEX "licence_department_code_issued_at_idx" ON "licence"("department_code", "issued_at");

-- CreateIndex
CREATE INDEX "licence_render_status_idx" ON "licence"("render_status");

-- CreateIndex
CREATE INDEX "licence_status_valid_until_idx" ON "licence"("status", "valid_until");

-- CreateIndex
CREATE UNIQUE INDEX "licence_application_no_type_code_key" ON "licence"("application_no", "type_code");

-- CreateIndex
CREATE INDEX "licence_status_change_identifier_id_idx" ON "licence_status_change"("identifier", "id");

-- CreateIndex
CREATE INDEX "licence_share_identifier_idx" ON "licence_share"("identifier");

-- CreateIndex
CREATE INDEX "licence_access_identifier_id_idx" ON "licence_access"("identifier", "id");

-- AddForeignKey
ALTER TABLE "licence_status_change" ADD CONSTRAINT "licence_status_change_identifier_fkey" FOREIGN KEY ("identifier") REFERENCES "licence"("identifier") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licence_share" ADD CONSTRAINT "licence_share_identifier_fkey" FOREIGN KEY ("identifier") REFERENCES "licence"("identifier") ON DELETE RESTRICT ON UPDATE CASCADE;

