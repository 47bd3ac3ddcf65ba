-- The results table's field filters walk a batch's images that have a result, in id order (lib/batches/list-images.ts):
-- a running batch's queued and failed rows are never read, so a filtered page 90% into the list is as quick as the first.
-- Partial: an image enters it when its result is written (ingest inserts rows without one and does not touch it).
CREATE INDEX "images_resulted_batch_id_id_idx" ON "images"("batch_id", "id") WHERE "result" IS NOT NULL;
