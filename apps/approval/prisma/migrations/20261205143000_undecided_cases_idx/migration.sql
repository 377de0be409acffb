-- Hand-written: the work lists (GET /tasks?view=todo|waiting) find the cases a department still has to decide
-- (its decision may be due) from this partial index, not from the department's whole history of finished tasks.
-- The status list matches the query's literal list, so the planner can use it.
CREATE INDEX "approval_case_undecided_idx" ON "approval_case"("deciding_department_code")
    WHERE "status" IN ('open', 'suspended', 'returned');
