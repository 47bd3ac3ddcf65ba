-- The results table's field filters (category = shoes): containment on the result, answered by this index when the value
-- is rare; a common value is found as fast by walking the batch's (batch_id, id) index.
CREATE INDEX "images_result_idx" ON "images" USING GIN ("result" jsonb_path_ops);
