-- One round trip per reservation instead of seven: the project's lock, its usage in the window and the day, the key
-- pick and the ledger row all happen in one call. Inside a volatile function each statement takes a fresh snapshot, so
-- the usage read after the lock sees every reservation committed by the previous holder.
CREATE FUNCTION loupe_reserve_gemini_request(
  p_project TEXT, p_key_ids TEXT[], p_tokens INTEGER, p_window_ms DOUBLE PRECISION, p_day_ms DOUBLE PRECISION,
  p_rpm INTEGER, p_tpm INTEGER, p_rpd INTEGER
) RETURNS TABLE (out_request_id BIGINT, out_key_id TEXT, out_masked_key TEXT, out_free_at TIMESTAMPTZ)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  window_use RECORD;
  picked RECORD;
  new_id BIGINT;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('loupe-gemini:' || p_project));
  -- clock_timestamp, not now(): now() is when the transaction began, before it queued for the lock.
  SELECT count(*) FILTER (WHERE r.at > clock_timestamp() - make_interval(secs => p_window_ms / 1000))::int AS n,
         coalesce(sum(r.tokens) FILTER (WHERE r.at > clock_timestamp() - make_interval(secs => p_window_ms / 1000)), 0)::bigint AS tokens,
         min(r.at) FILTER (WHERE r.at > clock_timestamp() - make_interval(secs => p_window_ms / 1000)) AS oldest,
         count(*)::int AS today, min(r.at) AS oldest_today, clock_timestamp() AS now
    INTO window_use
    FROM gemini_requests r
   WHERE r.project_id = p_project AND r.at > clock_timestamp() - make_interval(secs => p_day_ms / 1000);
  IF window_use.today >= p_rpd THEN
    RETURN QUERY SELECT NULL::BIGINT, NULL::TEXT, NULL::TEXT, coalesce(window_use.oldest_today, window_use.now) + make_interval(secs => p_day_ms / 1000);
    RETURN;
  END IF;
  IF window_use.n >= p_rpm OR (window_use.n > 0 AND window_use.tokens + p_tokens > p_tpm) THEN
    RETURN QUERY SELECT NULL::BIGINT, NULL::TEXT, NULL::TEXT, coalesce(window_use.oldest, window_use.now) + make_interval(secs => p_window_ms / 1000);
    RETURN;
  END IF;
  -- Inside the project's lock, so concurrent callers rotate over its keys: healthiest, then least recently used.
  SELECT k.id, k.masked_key INTO picked
    FROM gemini_keys k WHERE k.id = ANY(p_key_ids)
   ORDER BY round(k.success_ewma::numeric, 1) DESC, k.last_used_at ASC NULLS FIRST LIMIT 1;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  INSERT INTO gemini_requests (project_id, key_id, tokens, at) VALUES (p_project, picked.id, p_tokens, clock_timestamp()) RETURNING id INTO new_id;
  UPDATE gemini_keys SET last_used_at = now() WHERE id = picked.id;
  RETURN QUERY SELECT new_id, picked.id, picked.masked_key, NULL::TIMESTAMPTZ;
END
$$;
