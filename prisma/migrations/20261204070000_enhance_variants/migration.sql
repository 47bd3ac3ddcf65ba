-- Enhance templates (kind enhance): N AI-generated variants per product image, reviewed by a person.
-- A product's state beside the image's processing status: pending → pending_review (its variants exist) → approved (one
-- approved) / rejected (all rejected); blocked when Google's image safety refused it. Null for images of other batches.
CREATE TYPE "ProductStatus" AS ENUM ('pending', 'pending_review', 'approved', 'rejected', 'blocked');

-- An enhance version's settings: how many variants (1–4) and their aspect ratio (null: the input's shape). Its
-- instructions and model are the version's own columns.
ALTER TABLE "template_versions" ADD COLUMN "variants" INTEGER;
ALTER TABLE "template_versions" ADD COLUMN "aspect_ratio" TEXT;

ALTER TABLE "images" ADD COLUMN "product_status" "ProductStatus";
-- The generation of variants the image is to have (a regenerate adds one) and, when edited, the instruction it uses.
ALTER TABLE "images" ADD COLUMN "variant_generation" INTEGER;
ALTER TABLE "images" ADD COLUMN "enhance_instructions" TEXT;
CREATE INDEX "images_batch_id_product_status_idx" ON "images"("batch_id", "product_status");

-- What a variant's call cost (an image's totals are the sum over its variants, so a regenerate or a crash-retried job
-- neither loses nor doubles a call's cost).
ALTER TABLE "image_outputs" ADD COLUMN "input_tokens" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "image_outputs" ADD COLUMN "output_tokens" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "image_outputs" ADD COLUMN "cost_micros" INTEGER NOT NULL DEFAULT 0;
