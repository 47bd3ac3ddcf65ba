-- Synchronous analyses (POST /api/v1/analyze/url and /upload): one row per call, for usage and cost outside batches.
-- Their spend is also counted in daily_spend, with every batch's.
CREATE TABLE "api_analyses" (
  "id" BIGSERIAL NOT NULL,
  "request_id" TEXT NOT NULL,
  "user_id" UUID,
  "source" TEXT NOT NULL,
  "template_version_id" UUID,
  "model" TEXT NOT NULL,
  "cached" BOOLEAN NOT NULL DEFAULT false,
  "input_tokens" INTEGER NOT NULL DEFAULT 0,
  "output_tokens" INTEGER NOT NULL DEFAULT 0,
  "thoughts_tokens" INTEGER NOT NULL DEFAULT 0,
  "cost_micros" BIGINT NOT NULL DEFAULT 0,
  "duration_ms" INTEGER NOT NULL DEFAULT 0,
  "objects" INTEGER NOT NULL DEFAULT 0,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "api_analyses_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_analyses_request_id_key" ON "api_analyses" ("request_id");
CREATE INDEX "api_analyses_created_at_idx" ON "api_analyses" ("created_at");
