// PostgreSQL schema version 3 (migrations.ts applies it), apart from migrations.ts as versions 4
// and 5 are; like every version, never edited once released.
export const MIGRATION_3: { version: number; sql: string } = {
  // import_commit_likely_batch without its look-up of the batch's usernames and aliases (2,000
  // index probes a batch, ~7.7 ms of ~41): the inserts go in a block that a unique violation
  // undoes, which answers 'slow' as the look-up did. p_probe_* stay in the signature, unused,
  // so the callers of version 2 and 3 are the same.
  version: 3,
  sql: `
CREATE OR REPLACE FUNCTION import_commit_likely_batch(
  p_account TEXT, p_pool TEXT, p_job TEXT, p_worker TEXT,
  p_from_row BIGINT, p_to_row BIGINT, p_to_offset BIGINT, p_lease_until BIGINT, p_now BIGINT,
  p_lock_ns INT, p_lock_key TEXT,
  p_probe_keys JSON, p_probe_kinds JSON, p_probe_values JSON,
  p_k JSON, p_u JSON, p_s JSON, p_st JSON, p_a JSON, p_p JSON, p_al_kind JSON, p_al_value JSON, p_al_k JSON,
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

  IF p_users > 0 THEN
    PERFORM pg_advisory_xact_lock(p_lock_ns, hashtext(p_lock_key));
  END IF;
  SELECT s.stream_id INTO sid FROM log_streams s
    WHERE s.account_id = p_account AND s.region = p_region AND s.group_name = p_group AND s.stream_name = p_stream FOR UPDATE;
  IF NOT FOUND OR (cardinality(p_seqs) > 0
      AND EXISTS (SELECT 1 FROM log_events e WHERE e.stream_id = sid AND e.seq BETWEEN p_seqs[1] AND p_seqs[cardinality(p_seqs)])) THEN
    RETURN QUERY SELECT 'slow'::TEXT, NULL::TEXT, 0::BIGINT, 0::BIGINT, 0::BIGINT;
    RETURN;
  END IF;

  IF p_users > 0 THEN
    BEGIN
      INSERT INTO users (account_id, pool_id, username_key, username, sub, status, enabled, created_ms, modified_ms, attributes, password_hash)
        SELECT p_account, p_pool, t.k, t.u, t.s, t.st, TRUE, p_now, p_now, t.a::TEXT, t.p
        FROM ROWS FROM (json_array_elements_text(p_k), json_array_elements_text(p_u), json_array_elements_text(p_s),
          json_array_elements_text(p_st), json_array_elements(p_a), json_array_elements_text(p_p)) AS t (k, u, s, st, a, p);
      GET DIAGNOSTICS n_users = ROW_COUNT;
      INSERT INTO user_aliases (account_id, pool_id, kind, value, username_key)
        SELECT p_account, p_pool, t.kind, t.value, t.k
        FROM ROWS FROM (json_array_elements_text(p_al_kind), json_array_elements_text(p_al_value), json_array_elements_text(p_al_k)) AS t (kind, value, k);
      GET DIAGNOSTICS n_aliases = ROW_COUNT;
    EXCEPTION WHEN unique_violation THEN
      -- The pool holds one of the batch's usernames or alias values: this block's inserts are
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
