-- CreateTable
CREATE TABLE "application_task_department" (
    "application_no" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "application_task_department_pkey" PRIMARY KEY ("application_no","department_code")
);

