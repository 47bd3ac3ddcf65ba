-- Real Gemini: how each template version calls Gemini (model, thinking, media resolution, output room), every billed token
-- (thoughts and cached prompt tokens, per image, attempt, batch and cached result), a spending cap per batch, why a batch
-- paused itself, the daily quota parked per project (until the Pacific reset), and keys that must answer one probe
-- before they get traffic.
ALTER TABLE "template_versions" ADD COLUMN "model" TEXT, ADD COLUMN "thinking" TEXT, ADD COLUMN "media_resolution" TEXT,
  ADD COLUMN "max_output_tokens" INTEGER;

ALTER TABLE "images" ADD COLUMN "thoughts_tokens" INTEGER NOT NULL DEFAULT 0, ADD COLUMN "cached_tokens" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "image_attempts" ADD COLUMN "thoughts_tokens" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "result_cache" ADD COLUMN "thoughts_tokens" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "batches" ADD COLUMN "thoughts_tokens" BIGINT NOT NULL DEFAULT 0, ADD COLUMN "cached_tokens" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "budget_micros" BIGINT, ADD COLUMN "pause_code" TEXT, ADD COLUMN "pause_reason" TEXT;

ALTER TABLE "gemini_projects" ADD COLUMN "exhausted_until" TIMESTAMPTZ(3), ADD COLUMN "exhausted_reason" TEXT;
ALTER TABLE "gemini_keys" ADD COLUMN "probed_at" TIMESTAMPTZ(3), ADD COLUMN "probe_started_at" TIMESTAMPTZ(3);
-- Keys that have answered before need no probe.
UPDATE "gemini_keys" SET "probed_at" = now() WHERE "success_count" > 0;

-- As before, and: a project parked for the day is refused under its lock, and a key that has not answered its probe
-- yet gets no traffic.
CREATE OR REPLACE FUNCTION loupe_reserve_gemini_request(
  p_project TEXT, p_key_ids TEXT[], p_tokens INTEGER, p_window_ms DOUBLE PRECISION, p_day_ms DOUBLE PRECISION,
  p_rpm INTEGER, p_tpm INTEGER, p_rpd INTEGER
) RETURNS TABLE (out_request_id BIGINT, out_key_id TEXT, out_masked_key TEXT, out_free_at TIMESTAMPTZ)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  window_use RECORD;
  day_use RECORD;
  picked RECORD;
  new_id BIGINT;
  parked_until TIMESTAMPTZ;
  v_bucket_ms INTEGER := greatest(1, floor(p_day_ms / 24))::int;
  now_ms DOUBLE PRECISION;
  booked_at TIMESTAMPTZ;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('loupe-gemini:' || p_project));
  -- The caller's view of the keys may be a second old: a project's cooldown and daily park are checked here, under the lock.
  SELECT greatest(p.cooldown_until, p.exhausted_until) INTO parked_until FROM gemini_projects p WHERE p.id = p_project;
  IF parked_until > clock_timestamp() THEN
    RETURN QUERY SELECT NULL::BIGINT, NULL::TEXT, NULL::TEXT, parked_until;
    RETURN;
  END IF;
  -- clock_timestamp, not now(): now() is when the transaction began, before it queued for the lock.
  now_ms := extract(epoch FROM clock_timestamp()) * 1000;
  -- The day: every bucket that overlaps it, the oldest counted whole, so the daily quota is never overrun.
  SELECT coalesce(sum(u.requests), 0)::int AS today, min(u.bucket) AS oldest INTO day_use
    FROM gemini_usage_buckets u
   WHERE u.project_id = p_project AND u.bucket_ms = v_bucket_ms AND u.bucket >= floor((now_ms - p_day_ms) / v_bucket_ms) AND u.requests > 0;
  IF day_use.today >= p_rpd THEN
    RETURN QUERY SELECT NULL::BIGINT, NULL::TEXT, NULL::TEXT, to_timestamp(((day_use.oldest + 1) * v_bucket_ms + p_day_ms) / 1000);
    RETURN;
  END IF;
  SELECT count(*)::int AS n, coalesce(sum(r.tokens), 0)::bigint AS tokens, min(r.at) AS oldest, clock_timestamp() AS now
    INTO window_use
    FROM gemini_requests r
   WHERE r.project_id = p_project AND r.at > clock_timestamp() - make_interval(secs => p_window_ms / 1000);
  IF window_use.n >= p_rpm OR (window_use.n > 0 AND window_use.tokens + p_tokens > p_tpm) THEN
    RETURN QUERY SELECT NULL::BIGINT, NULL::TEXT, NULL::TEXT, coalesce(window_use.oldest, window_use.now) + make_interval(secs => p_window_ms / 1000);
    RETURN;
  END IF;
  -- Inside the project's lock, so concurrent callers rotate over its keys: healthiest, then least recently used.
  SELECT k.id, k.masked_key INTO picked
    FROM gemini_keys k
   WHERE k.id = ANY(p_key_ids) AND k.state NOT IN ('invalid', 'disabled') AND k.probed_at IS NOT NULL
     AND coalesce(greatest(k.cooldown_until, k.exhausted_until), '-infinity') <= clock_timestamp()
   ORDER BY round(k.success_ewma::numeric, 1) DESC, k.last_used_at ASC NULLS FIRST LIMIT 1;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  booked_at := clock_timestamp()::timestamptz(3); -- as the ledger stores it, so a refund finds the same bucket
  INSERT INTO gemini_requests (project_id, key_id, tokens, at) VALUES (p_project, picked.id, p_tokens, booked_at) RETURNING id INTO new_id;
  INSERT INTO gemini_usage_buckets (project_id, bucket_ms, bucket, requests)
  VALUES (p_project, v_bucket_ms, loupe_usage_bucket(booked_at, v_bucket_ms), 1)
  ON CONFLICT (project_id, bucket_ms, bucket) DO UPDATE SET requests = gemini_usage_buckets.requests + 1;
  UPDATE gemini_keys SET last_used_at = now() WHERE id = picked.id;
  -- Trim as we go, a few rows at a time: the ledger keeps two windows (at least an hour), the buckets two days.
  IF new_id % 16 = 0 THEN
    DELETE FROM gemini_requests WHERE id IN (
      SELECT r.id FROM gemini_requests r
       WHERE r.project_id = p_project AND r.at < booked_at - make_interval(secs => greatest(2 * p_window_ms / 1000, 3600))
       ORDER BY r.at LIMIT 64);
    DELETE FROM gemini_usage_buckets u
     WHERE u.project_id = p_project AND u.bucket_ms = v_bucket_ms AND u.bucket < floor((now_ms - 2 * p_day_ms) / v_bucket_ms);
  END IF;
  RETURN QUERY SELECT new_id, picked.id, picked.masked_key, NULL::TIMESTAMPTZ;
END
$$;
