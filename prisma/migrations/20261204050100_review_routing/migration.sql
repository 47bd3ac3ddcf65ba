-- Review routed by confidence: each template's rules, and why each result is approved or waits for a person.
ALTER TABLE "analysis_templates" ADD COLUMN "review_rules" JSONB;
ALTER TABLE "images" ADD COLUMN "review_reason" TEXT, ADD COLUMN "review_note" TEXT;
-- The review queue across all batches (oldest first) without reading every batch's images.
CREATE INDEX "images_review_status_id_idx" ON "images" ("review_status", "id");
