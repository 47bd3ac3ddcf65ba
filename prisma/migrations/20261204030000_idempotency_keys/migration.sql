-- Idempotency-Key on POSTs of /api/v1 (lib/idempotency/replay-idempotent.ts): the first response to a key is kept for 24 h and
-- replayed to the same request; a key is the caller's own (one API token or one person).
CREATE TABLE "idempotency_keys" (
  "scope" TEXT NOT NULL,
  "key" TEXT NOT NULL,
  "request_hash" TEXT NOT NULL,
  "path" TEXT NOT NULL,
  "state" TEXT NOT NULL DEFAULT 'running',
  "response_status" INTEGER,
  "response_headers" JSONB,
  "response_body" BYTEA,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("scope", "key")
);
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys" ("created_at");
