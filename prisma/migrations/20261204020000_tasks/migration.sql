-- Long operations (delete, cancel, retry of a million-image batch; exports and others later) run as tasks: a row that a
-- job advances in short chunks, each chunk one statement that also moves the task's progress, so a process killed at any
-- point leaves a task another process continues where it stopped. GET /api/v1/tasks/{id} reads it.
CREATE TYPE "TaskStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

CREATE TABLE "tasks" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'queued',
    "target_type" TEXT,
    "target_id" TEXT,
    "params" JSONB NOT NULL DEFAULT '{}',
    -- Where the task's steps stand (a phase, a cursor): written with the chunk that moved it.
    "state" JSONB NOT NULL DEFAULT '{}',
    "progress_done" BIGINT NOT NULL DEFAULT 0,
    "progress_total" BIGINT,
    "result" JSONB,
    "error_code" TEXT,
    "error_message" TEXT,
    "created_by_id" UUID,
    -- The process advancing the task holds it until lease_until; an expired lease is taken over.
    "worker_id" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "runs" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "tasks_status_lease_until_idx" ON "tasks"("status", "lease_until");
CREATE INDEX "tasks_target_id_idx" ON "tasks"("target_id");

-- Stored files whose images a task deleted: removed from storage once no other image uses them.
CREATE TABLE "task_files" (
    "task_id" UUID NOT NULL,
    "sha256" TEXT NOT NULL,
    CONSTRAINT "task_files_pkey" PRIMARY KEY ("task_id", "sha256"),
    CONSTRAINT "task_files_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- A batch being deleted leaves every list at once; its rows go in the background.
ALTER TABLE "batches" ADD COLUMN "deleted_at" TIMESTAMPTZ(3);
