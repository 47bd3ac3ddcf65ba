-- Books one request per entry of p_tokens on a project, one after another, exactly as that many calls of
-- loupe_reserve_gemini_request would: a process with a line of images waiting for their slots books them in one round
-- trip. Stops at the first booking that finds no room and returns that row too (its out_free_at says when room is
-- expected); returns no row for it when none of the keys may be used.
CREATE OR REPLACE FUNCTION loupe_reserve_gemini_requests(
  p_project TEXT, p_key_ids TEXT[], p_tokens INTEGER[], p_window_ms DOUBLE PRECISION, p_day_ms DOUBLE PRECISION,
  p_rpm INTEGER, p_tpm INTEGER, p_rpd INTEGER
) RETURNS TABLE (out_request_id BIGINT, out_key_id TEXT, out_masked_key TEXT, out_free_at TIMESTAMPTZ)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_tokens INTEGER;
  booked RECORD;
BEGIN
  FOREACH v_tokens IN ARRAY p_tokens LOOP
    SELECT * INTO booked FROM loupe_reserve_gemini_request(p_project, p_key_ids, v_tokens, p_window_ms, p_day_ms, p_rpm, p_tpm, p_rpd);
    IF NOT FOUND THEN
      RETURN;
    END IF;
    out_request_id := booked.out_request_id;
    out_key_id := booked.out_key_id;
    out_masked_key := booked.out_masked_key;
    out_free_at := booked.out_free_at;
    RETURN NEXT;
    EXIT WHEN booked.out_request_id IS NULL;
    -- The booking marks its key used at now(), the statement's start, the same for every booking in it; bookings are
    -- also less than the column's millisecond apart. The key's own, later time of use keeps the next booking rotating to
    -- the key used least recently.
    UPDATE gemini_keys SET last_used_at = greatest(
      clock_timestamp(),
      (SELECT max(k.last_used_at) FROM gemini_keys k WHERE k.id = ANY(p_key_ids)) + interval '1 millisecond')
    WHERE id = booked.out_key_id;
  END LOOP;
END
$$;
