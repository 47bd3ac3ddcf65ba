-- Images a batch makes instead of (or before) JSON: a transform template's output (sharp, lib/transforms) and an enhance
-- template's AI-generated variants. Outputs are stored content-addressed like originals; the unique key on
-- (image, kind, generation, position) makes a crash-retried job find its row instead of storing a second output.
CREATE TYPE "TemplateKind" AS ENUM ('analysis', 'transform', 'enhance');
CREATE TYPE "ImageOutputKind" AS ENUM ('transform', 'variant');
CREATE TYPE "OutputReviewStatus" AS ENUM ('pending', 'approved', 'rejected');

ALTER TABLE "analysis_templates" ADD COLUMN "kind" "TemplateKind" NOT NULL DEFAULT 'analysis';
-- A transform template's operations list; null for other kinds.
ALTER TABLE "template_versions" ADD COLUMN "operations" JSONB;

CREATE TABLE "image_outputs" (
    "id" BIGSERIAL NOT NULL,
    "image_id" BIGINT NOT NULL,
    "batch_id" UUID NOT NULL,
    "kind" "ImageOutputKind" NOT NULL,
    -- A regenerate makes generation + 1; earlier generations are kept.
    "generation" INTEGER NOT NULL DEFAULT 1,
    -- A variant's number (1..N); 0 for a transform's single output.
    "position" INTEGER NOT NULL DEFAULT 0,
    "sha256" TEXT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    -- Null for transforms; variants start pending.
    "review_status" "OutputReviewStatus",
    "reviewed_by_id" UUID,
    "reviewed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "image_outputs_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "image_outputs_image_id_kind_generation_position_key" ON "image_outputs"("image_id", "kind", "generation", "position");
CREATE INDEX "image_outputs_batch_id_id_idx" ON "image_outputs"("batch_id", "id");
ALTER TABLE "image_outputs" ADD CONSTRAINT "image_outputs_image_id_fkey" FOREIGN KEY ("image_id") REFERENCES "images"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "image_outputs" ADD CONSTRAINT "image_outputs_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A transform run on each image before the batch's analysis template: the model sees the transformed image.
ALTER TABLE "batches" ADD COLUMN "transform_version_id" UUID;
ALTER TABLE "batches" ADD CONSTRAINT "batches_transform_version_id_fkey" FOREIGN KEY ("transform_version_id") REFERENCES "template_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
