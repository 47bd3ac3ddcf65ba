-- Gemini Batch API mode (lib/execution/gemini-batch): a batch runs its images through interactive calls (today), through
-- Google's Batch API (half price, within 24 h), or chooses at start (auto). Each remote job Loupe submits is a row that
-- walks preparing → uploading → submitting → running → applying → done (or cancelling → cancelled), every step recorded
-- before it is taken, so a process killed at any step resumes it without submitting twice or applying a result twice.
CREATE TYPE "ExecutionMode" AS ENUM ('interactive', 'batch', 'auto');

ALTER TABLE "batches" ADD COLUMN "mode" "ExecutionMode" NOT NULL DEFAULT 'interactive',
  -- What `auto` resolved to when the batch started (interactive | batch); null until then.
  ADD COLUMN "engine" TEXT;

-- An image in a remote job is `processing`, held by worker_id 'gemini-batch:<job id>' (no live worker has that id, so crash
-- recovery leaves it to the batch engine, whose own watchdog has the deadline). interactive_fallback: the batch engine gave
-- it up (job expired, failed, past its deadline, or a retryable line error) and interactive calls finish it.
ALTER TABLE "images" ADD COLUMN "remote_job_id" BIGINT, ADD COLUMN "interactive_fallback" BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX "images_remote_job_id_idx" ON "images"("remote_job_id") WHERE "remote_job_id" IS NOT NULL;

CREATE TABLE "gemini_batch_jobs" (
    "id" BIGSERIAL NOT NULL,
    -- Kept when the Loupe batch is deleted (set null): the engine still cancels the remote job and deletes its files.
    "batch_id" UUID,
    "project_id" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    -- Carries Loupe's id: after a crash or a timeout on create, the job is found by it instead of created twice.
    "display_name" TEXT NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'preparing',
    "remote_name" TEXT,
    "remote_state" TEXT,
    "request_count" INTEGER NOT NULL DEFAULT 0,
    "succeeded_count" INTEGER NOT NULL DEFAULT 0,
    "failed_count" INTEGER NOT NULL DEFAULT 0,
    "pending_count" INTEGER NOT NULL DEFAULT 0,
    "input_file" TEXT,
    "input_bytes" BIGINT NOT NULL DEFAULT 0,
    "responses_file" TEXT,
    "estimated_tokens" BIGINT NOT NULL DEFAULT 0,
    "create_attempts" INTEGER NOT NULL DEFAULT 0,
    "polls" INTEGER NOT NULL DEFAULT 0,
    "next_action_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadline_at" TIMESTAMPTZ(3),
    "lease_owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submitted_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "gemini_batch_jobs_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "gemini_batch_jobs_display_name_key" ON "gemini_batch_jobs"("display_name");
CREATE INDEX "gemini_batch_jobs_batch_id_idx" ON "gemini_batch_jobs"("batch_id");
CREATE INDEX "gemini_batch_jobs_phase_next_action_at_idx" ON "gemini_batch_jobs"("phase", "next_action_at");
ALTER TABLE "gemini_batch_jobs" ADD CONSTRAINT "gemini_batch_jobs_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE SET NULL ON UPDATE CASCADE;
