-- AlterTable
ALTER TABLE "supervised_case" ADD COLUMN     "anomalies_digest" TEXT,
ADD COLUMN     "clocks_digest" TEXT,
ADD COLUMN     "tasks_digest" TEXT;

