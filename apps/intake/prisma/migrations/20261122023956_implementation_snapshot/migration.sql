-- AlterTable
ALTER TABLE "implementation_view" ADD COLUMN     "snapshot" JSONB NOT NULL,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'published';

