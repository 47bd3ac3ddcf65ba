-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'analyst', 'reviewer', 'viewer');

-- CreateEnum
CREATE TYPE "BatchStatus" AS ENUM ('draft', 'queued', 'running', 'paused', 'completed', 'completed_with_errors', 'cancelled', 'failed');

-- CreateEnum
CREATE TYPE "BatchKind" AS ENUM ('single', 'parent', 'part');

-- CreateEnum
CREATE TYPE "BatchSource" AS ENUM ('upload', 'csv', 'urls');

-- CreateEnum
CREATE TYPE "ImageStatus" AS ENUM ('queued', 'processing', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "ReviewStatus" AS ENUM ('none', 'pending_review', 'approved', 'rejected');

-- CreateEnum
CREATE TYPE "KeyState" AS ENUM ('active', 'cooling_down', 'exhausted', 'invalid', 'disabled');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scopes" TEXT[],
    "expires_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" BIGSERIAL NOT NULL,
    "user_id" UUID,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "details" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analysis_templates" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "built_in" BOOLEAN NOT NULL DEFAULT false,
    "current_version" INTEGER NOT NULL DEFAULT 1,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "analysis_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "template_versions" (
    "id" UUID NOT NULL,
    "template_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "instructions" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "batches" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "BatchKind" NOT NULL DEFAULT 'single',
    "parent_batch_id" UUID,
    "sequence" INTEGER,
    "total_parts" INTEGER,
    "status" "BatchStatus" NOT NULL DEFAULT 'queued',
    "source" "BatchSource" NOT NULL DEFAULT 'upload',
    "source_file_name" TEXT,
    "template_version_id" UUID,
    "model" TEXT,
    "settings" JSONB,
    "carried_columns" TEXT[],
    "created_by_id" UUID,
    "total_images" INTEGER NOT NULL DEFAULT 0,
    "queued_count" INTEGER NOT NULL DEFAULT 0,
    "processing_count" INTEGER NOT NULL DEFAULT 0,
    "succeeded_count" INTEGER NOT NULL DEFAULT 0,
    "failed_count" INTEGER NOT NULL DEFAULT 0,
    "cancelled_count" INTEGER NOT NULL DEFAULT 0,
    "cached_count" INTEGER NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_micros" BIGINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "images" (
    "id" BIGSERIAL NOT NULL,
    "batch_id" UUID NOT NULL,
    "row_number" INTEGER,
    "name" TEXT,
    "external_id" TEXT,
    "source_url" TEXT,
    "sha256" TEXT,
    "mime_type" TEXT,
    "bytes" INTEGER,
    "width" INTEGER,
    "height" INTEGER,
    "carried" JSONB,
    "status" "ImageStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "lease_until" TIMESTAMPTZ(3),
    "last_error_code" TEXT,
    "last_error_message" TEXT,
    "result" JSONB,
    "cached" BOOLEAN NOT NULL DEFAULT false,
    "template_version_id" UUID,
    "model" TEXT,
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost_micros" INTEGER NOT NULL DEFAULT 0,
    "sent_bytes" INTEGER,
    "sent_width" INTEGER,
    "sent_height" INTEGER,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "review_status" "ReviewStatus" NOT NULL DEFAULT 'none',
    "reviewed_by_id" UUID,
    "reviewed_at" TIMESTAMPTZ(3),
    "reviewed_result" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "images_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "image_attempts" (
    "id" BIGSERIAL NOT NULL,
    "image_id" BIGINT NOT NULL,
    "attempt_no" INTEGER NOT NULL,
    "key_id" TEXT,
    "http_status" INTEGER,
    "error_code" TEXT,
    "error_message" TEXT,
    "duration_ms" INTEGER,
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "image_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "batch_minute_stats" (
    "batch_id" UUID NOT NULL,
    "minute" TIMESTAMPTZ(0) NOT NULL,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "tokens" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "batch_minute_stats_pkey" PRIMARY KEY ("batch_id","minute")
);

-- CreateTable
CREATE TABLE "gemini_projects" (
    "id" TEXT NOT NULL,
    "rpm_limit" INTEGER NOT NULL,
    "tpm_limit" INTEGER NOT NULL,
    "rpd_limit" INTEGER NOT NULL,
    "cooldown_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gemini_projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gemini_keys" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "masked_key" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'env',
    "encrypted_key" TEXT,
    "state" "KeyState" NOT NULL DEFAULT 'active',
    "state_reason" TEXT,
    "cooldown_until" TIMESTAMPTZ(3),
    "exhausted_until" TIMESTAMPTZ(3),
    "success_count" BIGINT NOT NULL DEFAULT 0,
    "failure_count" BIGINT NOT NULL DEFAULT 0,
    "rate_limited_count" BIGINT NOT NULL DEFAULT 0,
    "latency_ewma_ms" DOUBLE PRECISION,
    "success_ewma" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "requests_today" INTEGER NOT NULL DEFAULT 0,
    "day_started_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gemini_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "result_cache" (
    "cache_key" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "model" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "result_cache_pkey" PRIMARY KEY ("cache_key")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- CreateIndex
CREATE INDEX "audit_logs_created_at_idx" ON "audit_logs"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "analysis_templates_name_key" ON "analysis_templates"("name");

-- CreateIndex
CREATE UNIQUE INDEX "template_versions_template_id_version_key" ON "template_versions"("template_id", "version");

-- CreateIndex
CREATE INDEX "batches_parent_batch_id_sequence_idx" ON "batches"("parent_batch_id", "sequence");

-- CreateIndex
CREATE INDEX "batches_status_created_at_idx" ON "batches"("status", "created_at");

-- CreateIndex
CREATE INDEX "batches_created_at_idx" ON "batches"("created_at");

-- CreateIndex
CREATE INDEX "images_batch_id_id_idx" ON "images"("batch_id", "id");

-- CreateIndex
CREATE INDEX "images_batch_id_status_id_idx" ON "images"("batch_id", "status", "id");

-- CreateIndex
CREATE INDEX "images_batch_id_review_status_id_idx" ON "images"("batch_id", "review_status", "id");

-- CreateIndex
CREATE INDEX "images_status_next_attempt_at_idx" ON "images"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "images_sha256_idx" ON "images"("sha256");

-- CreateIndex
CREATE INDEX "image_attempts_image_id_id_idx" ON "image_attempts"("image_id", "id");

-- CreateIndex
CREATE INDEX "batch_minute_stats_minute_idx" ON "batch_minute_stats"("minute");

-- CreateIndex
CREATE INDEX "gemini_keys_project_id_idx" ON "gemini_keys"("project_id");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "analysis_templates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "batches" ADD CONSTRAINT "batches_parent_batch_id_fkey" FOREIGN KEY ("parent_batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "batches" ADD CONSTRAINT "batches_template_version_id_fkey" FOREIGN KEY ("template_version_id") REFERENCES "template_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "batches" ADD CONSTRAINT "batches_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "images" ADD CONSTRAINT "images_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "image_attempts" ADD CONSTRAINT "image_attempts_image_id_fkey" FOREIGN KEY ("image_id") REFERENCES "images"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "batch_minute_stats" ADD CONSTRAINT "batch_minute_stats_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gemini_keys" ADD CONSTRAINT "gemini_keys_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "gemini_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
