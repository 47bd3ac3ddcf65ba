-- AlterTable
ALTER TABLE "images" ADD COLUMN     "dispatched_at" TIMESTAMPTZ(3),
ADD COLUMN     "worker_id" TEXT;

-- CreateTable
CREATE TABLE "workers" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "adapter" TEXT NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "workers_heartbeat_at_idx" ON "workers"("heartbeat_at");

-- In-flight images per batch (dispatched, not finished): keeps the dispatch window query cheap on million-image batches.
CREATE INDEX "images_in_flight_idx" ON "images"("batch_id") WHERE "dispatched_at" IS NOT NULL AND "status" IN ('queued', 'processing');

-- Images held by a worker: crash recovery looks these up by worker.
CREATE INDEX "images_processing_worker_idx" ON "images"("worker_id") WHERE "status" = 'processing';
