-- CreateTable
CREATE TABLE "monthly_department_stat" (
    "month" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "received" INTEGER NOT NULL,
    "accepted" INTEGER NOT NULL,
    "completed" INTEGER NOT NULL,
    "on_time" INTEGER NOT NULL,
    "overdue" INTEGER NOT NULL,

    CONSTRAINT "monthly_department_stat_pkey" PRIMARY KEY ("month","department_code","region_code")
);

-- CreateIndex
CREATE INDEX "monthly_department_stat_region_code_month_idx" ON "monthly_department_stat"("region_code", "month");

