-- AlterTable
ALTER TABLE "approval_task" ADD COLUMN     "paused_since" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "special_procedure" ADD COLUMN     "task_id" UUID;

-- CreateIndex
CREATE INDEX "special_procedure_task_id_idx" ON "special_procedure"("task_id");

