-- Batches listed from a bucket (s3://bucket/prefix/): where they were listed from and when, so a sync adds only new keys.
ALTER TYPE "BatchSource" ADD VALUE 'bucket';
ALTER TABLE "batches" ADD COLUMN "source_uri" TEXT;
ALTER TABLE "batches" ADD COLUMN "listed_at" TIMESTAMPTZ(3);
