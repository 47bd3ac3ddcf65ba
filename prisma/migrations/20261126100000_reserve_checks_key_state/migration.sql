-- The key pool reads the keys' state at most once a second per process (lib/gemini/key-pool.ts), so the reservation
-- itself now refuses what that copy may not know yet: a project in cooldown, and keys that are disabled, invalid, cooling
-- down or out of their daily quota. A key an admin disables is never used once the change has committed.
CREATE OR REPLACE FUNCTION loupe_reserve_gemini_request(
  p_project TEXT, p_key_ids TEXT[], p_tokens INTEGER, p_window_ms DOUBLE PRECISION, p_day_ms DOUBLE PRECISION,
  p_rpm INTEGER, p_tpm INTEGER, p_rpd INTEGER
) RETURNS TABLE (out_request_id BIGINT, out_key_id TEXT, out_masked_key TEXT, out_free_at TIMESTAMPTZ)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  window_use RECORD;
  picked RECORD;
  new_id BIGINT;
  parked_until TIMESTAMPTZ;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('loupe-gemini:' || p_project));
  -- The caller's view of the keys may be a second old: a project's cooldown is checked here, under the lock.
  SELECT p.cooldown_until INTO parked_until FROM gemini_projects p WHERE p.id = p_project;
  IF parked_until > clock_timestamp() THEN
    RETURN QUERY SELECT NULL::BIGINT, NULL::TEXT, NULL::TEXT, parked_until;
    RETURN;
  END IF;
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
    FROM gemini_keys k
   WHERE k.id = ANY(p_key_ids) AND k.state NOT IN ('invalid', 'disabled')
     AND coalesce(greatest(k.cooldown_until, k.exhausted_until), '-infinity') <= clock_timestamp()
   ORDER BY round(k.success_ewma::numeric, 1) DESC, k.last_used_at ASC NULLS FIRST LIMIT 1;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  INSERT INTO gemini_requests (project_id, key_id, tokens, at) VALUES (p_project, picked.id, p_tokens, clock_timestamp()) RETURNING id INTO new_id;
  UPDATE gemini_keys SET last_used_at = now() WHERE id = picked.id;
  RETURN QUERY SELECT new_id, picked.id, picked.masked_key, NULL::TIMESTAMPTZ;
END
$$;
