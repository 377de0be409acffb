-- The per-user upload quota in the upload's own INSERT (issue 22: one statement instead of a lock and an insert).
-- A function, not a subquery: the lock must be held before the user's unattached uploads are counted, and one
-- statement reads with the snapshot it started with (an upload committed while it waited for the lock would be
-- missed). A VOLATILE SQL function takes a fresh snapshot for each of its queries (READ COMMITTED): the count, taken
-- after the lock, sees every upload of the user committed before it.
CREATE FUNCTION intake_upload_within_quota(p_owner TEXT, p_size INTEGER, p_max_files INTEGER, p_max_bytes BIGINT)
RETURNS BOOLEAN LANGUAGE sql VOLATILE AS $$
  SELECT pg_advisory_xact_lock(hashtext('intake-upload:' || p_owner));
  SELECT count(*) + 1 <= p_max_files AND coalesce(sum(f."size"), 0) + p_size <= p_max_bytes
    FROM "uploaded_file" f
   WHERE f."owner_user_id" = p_owner AND f."application_no" IS NULL AND f."enquiry_no" IS NULL;
$$;
