-- The monthly per-department table counts a case under the township or village that took it in (受理下移 / 代办),
-- else under the implementation's region. Rebuild it from the case rows (what the projection keeps it equal to):
-- month in China time (UTC+8, no daylight saving), on time / overdue in the month the promised clock stopped.
DELETE FROM "monthly_department_stat";

INSERT INTO "monthly_department_stat" ("month", "department_code", "region_code", "received", "accepted", "completed", "on_time", "overdue")
SELECT m."month", m."department_code", m."region_code",
       SUM(m."received")::int, SUM(m."accepted")::int, SUM(m."completed")::int, SUM(m."on_time")::int, SUM(m."overdue")::int
  FROM (
    SELECT to_char((c."received_at" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM') AS "month", c."department_code",
           COALESCE(c."taken_in_region", c."region_code") AS "region_code", 1 AS "received", 0 AS "accepted", 0 AS "completed", 0 AS "on_time", 0 AS "overdue"
      FROM "supervised_case" c WHERE c."received_at" IS NOT NULL
    UNION ALL
    SELECT to_char((c."accepted_at" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM'), c."department_code",
           COALESCE(c."taken_in_region", c."region_code"), 0, 1, 0, 0, 0
      FROM "supervised_case" c WHERE c."accepted_at" IS NOT NULL
    UNION ALL
    SELECT to_char((c."completed_at" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM'), c."department_code",
           COALESCE(c."taken_in_region", c."region_code"), 0, 0, 1, 0, 0
      FROM "supervised_case" c WHERE c."completed_at" IS NOT NULL
    UNION ALL
    SELECT to_char((COALESCE(c."decided_at", c."completed_at", c."closed_at") AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM'),
           c."department_code", COALESCE(c."taken_in_region", c."region_code"), 0, 0, 0,
           CASE WHEN c."on_time" THEN 1 ELSE 0 END, CASE WHEN c."on_time" THEN 0 ELSE 1 END
      FROM "supervised_case" c
     WHERE c."on_time" IS NOT NULL AND COALESCE(c."decided_at", c."completed_at", c."closed_at") IS NOT NULL
  ) m
 GROUP BY m."month", m."department_code", m."region_code";
