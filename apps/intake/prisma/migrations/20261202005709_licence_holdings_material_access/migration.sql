-- AlterTable
ALTER TABLE "application_material" ADD COLUMN     "licence_checked_at" TIMESTAMPTZ(3),
ADD COLUMN     "licence_type_code" TEXT;

-- CreateTable
CREATE TABLE "licence_holding" (
    "identifier" TEXT NOT NULL,
    "licence_type_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "holder_id_number" TEXT NOT NULL,
    "issuer_uscc" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "status_at" TIMESTAMPTZ(3) NOT NULL,
    "status_reason" TEXT,
    "superseded_by" TEXT,
    "issued_at" TIMESTAMPTZ(3),
    "valid_from" TIMESTAMPTZ(3),
    "valid_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "licence_holding_pkey" PRIMARY KEY ("identifier")
);

-- CreateTable
CREATE TABLE "application_task_department" (
    "application_no" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "application_task_department_pkey" PRIMARY KEY ("application_no","department_code")
);

-- CreateTable
CREATE TABLE "material_access" (
    "id" BIGSERIAL NOT NULL,
    "application_no" TEXT NOT NULL,
    "file_id" UUID NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "actor_roles" TEXT NOT NULL,
    "relation" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "material_access_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "licence_holding_holder_id_number_idx" ON "licence_holding"("holder_id_number");

-- CreateIndex
CREATE INDEX "material_access_application_no_at_idx" ON "material_access"("application_no", "at");

