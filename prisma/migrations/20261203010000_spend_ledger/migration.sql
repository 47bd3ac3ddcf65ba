-- Spending caps (lib/budget). Before each Gemini call its most possible cost is held against the caps that apply: the
-- batch's (batches.budget_micros; a part of a split upload is capped by its parent's, shared by every part) and the day's
-- (GEMINI_DAILY_BUDGET_USD, the day as Google's: midnight to midnight America/Los_Angeles). A hold is settled with what
-- Google billed (it becomes spend) or released when nothing was billed. A hold lives until `expires_at`: the process that
-- made it extends it while the call runs, so a worker killed with -9 leaves nothing blocking a budget past that bound.
CREATE TABLE "spend_holds" (
    "id" BIGSERIAL NOT NULL,
    "batch_id" UUID NOT NULL,
    -- The batch whose cap applies: the batch itself, or a part's parent.
    "scope_batch_id" UUID NOT NULL,
    -- The Pacific day the call belongs to (the instant it began).
    "day" TIMESTAMPTZ(3) NOT NULL,
    "micros" BIGINT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "spend_holds_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "spend_holds_scope_batch_id_idx" ON "spend_holds"("scope_batch_id");
CREATE INDEX "spend_holds_day_idx" ON "spend_holds"("day");
CREATE INDEX "spend_holds_expires_at_idx" ON "spend_holds"("expires_at");
ALTER TABLE "spend_holds" ADD CONSTRAINT "spend_holds_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What Google billed per batch (every call: refused answers and images that failed too). A part's spend is counted on the
-- part and on its parent, whose row is what the shared cap is checked against.
CREATE TABLE "batch_spend" (
    "batch_id" UUID NOT NULL,
    "spent_micros" BIGINT NOT NULL DEFAULT 0,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "batch_spend_pkey" PRIMARY KEY ("batch_id")
);
ALTER TABLE "batch_spend" ADD CONSTRAINT "batch_spend_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What Google billed per Pacific day, across all batches.
CREATE TABLE "daily_spend" (
    "day" TIMESTAMPTZ(3) NOT NULL,
    "spent_micros" BIGINT NOT NULL DEFAULT 0,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "daily_spend_pkey" PRIMARY KEY ("day")
);

-- One hold, atomically: under the scope's lock (and the day's, batch first, always in that order), it is taken only if
-- spent + unexpired holds + this estimate stays within each cap that applies. The batch's cap is read here, under the
-- lock, so a raised cap counts at once. Returns the hold's id, or (null, which cap refused, cap, spent, held).
CREATE FUNCTION loupe_hold_spend(
  p_batch UUID, p_scope UUID, p_day TIMESTAMPTZ, p_day_cap BIGINT, p_micros BIGINT, p_ttl_ms DOUBLE PRECISION
) RETURNS TABLE (out_hold_id BIGINT, out_refused_by TEXT, out_cap BIGINT, out_spent BIGINT, out_held BIGINT)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_cap BIGINT;
  v_use RECORD;
  v_id BIGINT;
BEGIN
  SELECT b.budget_micros INTO v_cap FROM batches b WHERE b.id = p_scope;
  IF v_cap IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('loupe-spend-batch:' || p_scope::text));
    -- Read again under the lock (a cap changed while we queued), then spent and held in one statement: one snapshot, so a
    -- settle committing in between is seen either as its hold or as its spend, never as neither.
    SELECT b.budget_micros INTO v_cap FROM batches b WHERE b.id = p_scope;
    SELECT coalesce((SELECT s.spent_micros FROM batch_spend s WHERE s.batch_id = p_scope), 0) AS spent,
           coalesce((SELECT sum(h.micros) FROM spend_holds h WHERE h.scope_batch_id = p_scope AND h.expires_at > clock_timestamp()), 0)::bigint AS held
      INTO v_use;
    IF v_cap IS NOT NULL AND v_use.spent + v_use.held + p_micros > v_cap THEN
      RETURN QUERY SELECT NULL::BIGINT, 'batch'::TEXT, v_cap, v_use.spent, v_use.held;
      RETURN;
    END IF;
  END IF;
  IF p_day_cap IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('loupe-spend-day:' || p_day::text));
    SELECT coalesce((SELECT d.spent_micros FROM daily_spend d WHERE d.day = p_day), 0) AS spent,
           coalesce((SELECT sum(h.micros) FROM spend_holds h WHERE h.day = p_day AND h.expires_at > clock_timestamp()), 0)::bigint AS held
      INTO v_use;
    IF v_use.spent + v_use.held + p_micros > p_day_cap THEN
      RETURN QUERY SELECT NULL::BIGINT, 'day'::TEXT, p_day_cap, v_use.spent, v_use.held;
      RETURN;
    END IF;
  END IF;
  INSERT INTO spend_holds (batch_id, scope_batch_id, day, micros, expires_at)
  VALUES (p_batch, p_scope, p_day, p_micros, clock_timestamp() + make_interval(secs => p_ttl_ms / 1000))
  RETURNING id INTO v_id;
  -- Holds of crashed processes are ignored once expired; clear a few now and then.
  IF v_id % 32 = 0 THEN
    DELETE FROM spend_holds WHERE id IN (SELECT h.id FROM spend_holds h WHERE h.expires_at < clock_timestamp() ORDER BY h.expires_at LIMIT 100);
  END IF;
  RETURN QUERY SELECT v_id, NULL::TEXT, NULL::BIGINT, NULL::BIGINT, NULL::BIGINT;
END
$$;
