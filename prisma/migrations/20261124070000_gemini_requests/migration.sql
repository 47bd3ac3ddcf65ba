-- CreateTable
CREATE TABLE "gemini_requests" (
    "id" BIGSERIAL NOT NULL,
    "project_id" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "tokens" INTEGER NOT NULL DEFAULT 0,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gemini_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "gemini_requests_project_id_at_idx" ON "gemini_requests"("project_id", "at");
