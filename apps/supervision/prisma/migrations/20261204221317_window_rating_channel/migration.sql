-- DropIndex
DROP INDEX "rating_application_no_key";

-- CreateIndex
CREATE UNIQUE INDEX "rating_application_no_channel_key" ON "rating"("application_no", "channel");

