-- A Batch API job holds its most possible cost against the spending caps from before it is created until its results are
-- applied (then settled with what Google billed) or it is given up (released): the hold is the job's, recorded on it, so
-- whichever process applies the results settles it.
ALTER TABLE "gemini_batch_jobs" ADD COLUMN "spend_hold_id" BIGINT, ADD COLUMN "spend_scope_batch_id" UUID, ADD COLUMN "spend_day" TIMESTAMPTZ(3),
  ADD COLUMN "max_cost_micros" BIGINT NOT NULL DEFAULT 0;
