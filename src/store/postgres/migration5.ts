// PostgreSQL schema version 5 (migrations.ts applies it): import_commit_likely_batch (the one
// round trip of PgImports.commitLikelyBatch) checks every fact the batch's rows are decided on.
// It writes the likely decision, decideRowOutcomes (domain/rowOutcomes.ts) given a pool that
// holds none of the batch's usernames and aliases, and decides no row itself. Until version 4 its
// inserts' unique violations were its only check, which miss a username or alias the decision
// does not insert (a row refused for an alias an earlier row of the batch took, whose username the
// pool holds, is SKIPPED, not FAILED). Now p_probe_* (unused since version 3) carry exactly those,
// the caller's UserBatchDecision.unchecked, usually none: if the pool holds one, 'slow'. Same
// signature as version 4, so version 4's callers are this one's. Never edited once released.
export const MIGRATION_5: { version: number; sql: string } = {
  version: 5,
  sql: `
CREATE OR REPLACE FUNCTION import_commit_likely_batch(
  p_account TEXT, p_pool TEXT, p_job TEXT, p_worker TEXT,
  p_from_row BIGINT, p_to_row BIGINT, p_to_offset BIGINT, p_lease_until BIGINT, p_now BIGINT,
  p_lock_ns INT, p_lock_key TEXT,
  p_probe_keys JSON, p_probe_kinds JSON, p_probe_values JSON,
  p_k JSON, p_u JSON, p_s JSON, p_st JSON, p_a JSON, p_p JSON, p_al_kind JSON, p_al_value JSON, p_al_k JSON,
  p_f1 JSON, p_f2 JSON, p_f3 JSON, p_f4 JSON, p_f5 JSON, p_f6 JSON,
  p_users BIGINT, p_aliases BIGINT, p_imported BIGINT, p_skipped BIGINT, p_failed BIGINT,
  p_region TEXT, p_group TEXT, p_stream TEXT,
  p_seqs BIGINT[], p_ts BIGINT[], p_ing BIGINT[], p_msgs JSON,
  p_first BIGINT, p_last BIGINT, p_ingested BIGINT, p_bytes BIGINT)
RETURNS TABLE (outcome TEXT, status TEXT, imported BIGINT, skipped BIGINT, failed BIGINT)
LANGUAGE plpgsql VOLATILE AS $fn$
#variable_conflict use_column
DECLARE
  j RECORD;
  lease TEXT;
  sid BIGINT;
  n_users BIGINT;
  n_aliases BIGINT;
  pref INTEGER;
BEGIN
  SELECT x.status, x.imported, x.skipped, x.failed, x.checkpoint_row INTO j FROM import_jobs x
    WHERE x.account_id = p_account AND x.pool_id = p_pool AND x.job_id = p_job FOR UPDATE;
  IF NOT FOUND OR NOT EXISTS (SELECT 1 FROM user_pools WHERE account_id = p_account AND pool_id = p_pool) THEN
    RETURN QUERY SELECT 'gone'::TEXT, NULL::TEXT, 0::BIGINT, 0::BIGINT, 0::BIGINT;
    RETURN;
  END IF;
  SELECT q.lease_owner INTO lease FROM job_queue q WHERE q.account_id = p_account AND q.pool_id = p_pool AND q.job_id = p_job;
  IF lease IS DISTINCT FROM p_worker OR j.checkpoint_row <> p_from_row OR j.status NOT IN ('InProgress', 'Stopping') THEN
    RETURN QUERY SELECT 'lost'::TEXT, NULL::TEXT, 0::BIGINT, 0::BIGINT, 0::BIGINT;
    RETURN;
  END IF;

  IF p_users > 0 OR json_array_length(p_probe_keys) > 0 OR json_array_length(p_probe_kinds) > 0 THEN
    PERFORM pg_advisory_xact_lock(p_lock_ns, hashtext(p_lock_key));
    -- The batch's usernames and aliases the inserts below leave out: one index probe each
    -- (LATERAL ... LIMIT 1, as users.ts EXISTING_SQL), usually none.
    IF EXISTS (SELECT 1 FROM json_array_elements_text(p_probe_keys) AS k (key)
        CROSS JOIN LATERAL (SELECT 1 FROM users u WHERE u.account_id = p_account AND u.pool_id = p_pool AND u.username_key = k.key LIMIT 1) AS x)
      OR EXISTS (SELECT 1 FROM ROWS FROM (json_array_elements_text(p_probe_kinds), json_array_elements_text(p_probe_values)) AS t (kind, value)
        CROSS JOIN LATERAL (SELECT 1 FROM user_aliases a
          WHERE a.account_id = p_account AND a.pool_id = p_pool AND a.kind = t.kind AND a.value = t.value LIMIT 1) AS y) THEN
      RETURN QUERY SELECT 'slow'::TEXT, NULL::TEXT, 0::BIGINT, 0::BIGINT, 0::BIGINT;
      RETURN;
    END IF;
  END IF;
  SELECT s.stream_id INTO sid FROM log_streams s
    WHERE s.account_id = p_account AND s.region = p_region AND s.group_name = p_group AND s.stream_name = p_stream FOR UPDATE;
  IF NOT FOUND OR (cardinality(p_seqs) > 0
      AND EXISTS (SELECT 1 FROM log_events e WHERE e.stream_id = sid AND e.seq BETWEEN p_seqs[1] AND p_seqs[cardinality(p_seqs)])) THEN
    RETURN QUERY SELECT 'slow'::TEXT, NULL::TEXT, 0::BIGINT, 0::BIGINT, 0::BIGINT;
    RETURN;
  END IF;

  IF p_users > 0 THEN
    pref := pool_ref_of(p_account, p_pool);
    BEGIN
      INSERT INTO users (account_id, pool_id, username_key, username, sub, status, enabled, created_ms, modified_ms, attributes, password_hash,
          pool_ref, attr_email, attr_phone_number, attr_name, attr_given_name, attr_family_name, attr_preferred_username)
        SELECT p_account, p_pool, t.k, t.u, t.s, t.st, TRUE, p_now, p_now, t.a::TEXT, t.p, pref, t.f1, t.f2, t.f3, t.f4, t.f5, t.f6
        FROM ROWS FROM (json_array_elements_text(p_k), json_array_elements_text(p_u), json_array_elements_text(p_s),
          json_array_elements_text(p_st), json_array_elements(p_a), json_array_elements_text(p_p),
          json_array_elements_text(p_f1), json_array_elements_text(p_f2), json_array_elements_text(p_f3),
          json_array_elements_text(p_f4), json_array_elements_text(p_f5), json_array_elements_text(p_f6))
          AS t (k, u, s, st, a, p, f1, f2, f3, f4, f5, f6);
      GET DIAGNOSTICS n_users = ROW_COUNT;
      INSERT INTO user_aliases (account_id, pool_id, kind, value, username_key)
        SELECT p_account, p_pool, t.kind, t.value, t.k
        FROM ROWS FROM (json_array_elements_text(p_al_kind), json_array_elements_text(p_al_value), json_array_elements_text(p_al_k)) AS t (kind, value, k);
      GET DIAGNOSTICS n_aliases = ROW_COUNT;
    EXCEPTION WHEN unique_violation THEN
      -- The pool holds one of the usernames or alias values inserted: this block's inserts are
      -- undone, and nothing else was written yet.
      RETURN QUERY SELECT 'slow'::TEXT, NULL::TEXT, 0::BIGINT, 0::BIGINT, 0::BIGINT;
      RETURN;
    END;
    IF n_users <> p_users OR n_aliases <> p_aliases THEN
      RAISE EXCEPTION 'users of %/%: % of % users and % of % aliases inserted', p_account, p_pool, n_users, p_users, n_aliases, p_aliases;
    END IF;
  END IF;

  IF cardinality(p_seqs) > 0 THEN
    INSERT INTO log_events (stream_id, seq, timestamp_ms, ingestion_ms, message)
      SELECT sid, t.seq, t.ts, t.ing, t.msg
      FROM ROWS FROM (unnest(p_seqs), unnest(p_ts), unnest(p_ing), json_array_elements_text(p_msgs)) AS t (seq, ts, ing, msg);
    UPDATE log_streams SET
      first_event_ms = LEAST(first_event_ms, p_first),
      last_event_ms = GREATEST(last_event_ms, p_last),
      last_ingestion_ms = GREATEST(last_ingestion_ms, p_ingested),
      stored_bytes = stored_bytes + p_bytes
    WHERE stream_id = sid;
  END IF;

  UPDATE job_queue SET lease_expires_ms = p_lease_until
    WHERE account_id = p_account AND pool_id = p_pool AND job_id = p_job AND lease_owner = p_worker;
  UPDATE import_jobs x SET imported = x.imported + p_imported, skipped = x.skipped + p_skipped, failed = x.failed + p_failed,
      checkpoint_offset = p_to_offset, checkpoint_row = p_to_row
    WHERE x.account_id = p_account AND x.pool_id = p_pool AND x.job_id = p_job AND x.checkpoint_row = p_from_row;
  RETURN QUERY SELECT 'applied'::TEXT, j.status::TEXT, j.imported + p_imported, j.skipped + p_skipped, j.failed + p_failed;
END
$fn$;
`,
};
