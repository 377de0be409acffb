-- DropIndex
DROP INDEX "opinion_task_id_key";

-- CreateIndex
CREATE INDEX "opinion_task_id_idx" ON "opinion"("task_id");

