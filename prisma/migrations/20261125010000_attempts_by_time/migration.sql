-- CreateIndex
CREATE INDEX "image_attempts_created_at_idx" ON "image_attempts"("created_at");
