-- CreateTable
CREATE TABLE "case_trace" (
    "application_no" TEXT NOT NULL,
    "traceparent" TEXT NOT NULL,
    "tracestate" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_trace_pkey" PRIMARY KEY ("application_no")
);

