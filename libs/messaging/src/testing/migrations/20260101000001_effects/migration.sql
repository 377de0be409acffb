-- Test-only table: one row per effect a test consumer applied.
CREATE TABLE "effect" (
    "event_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    CONSTRAINT "effect_pkey" PRIMARY KEY ("event_id")
);
CREATE TABLE "thing" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "n" INTEGER NOT NULL
);
