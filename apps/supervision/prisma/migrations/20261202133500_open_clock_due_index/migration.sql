-- The supervision worklists read open clocks in deadline order: the most overdue first, and those due within the
-- next days. A partial index over the open clocks only (a small share of all clocks once cases close) serves both
-- with a short ordered range scan, whatever the mix of regions. Prisma's schema language cannot express a partial
-- index, so this migration is hand-written; `prisma migrate diff` between schema snapshots never touches it.
CREATE INDEX "case_clock_open_due_at_idx" ON "case_clock"("due_at") WHERE "open";
