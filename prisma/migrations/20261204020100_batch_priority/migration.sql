-- Fair dispatch (lib/orchestration/fair-shares.ts): running batches share the worker slots, first between the people who
-- started them, then between each person's batches weighted by priority (high 4, normal 2, low 1).
CREATE TYPE "BatchPriority" AS ENUM ('high', 'normal', 'low');
ALTER TABLE "batches" ADD COLUMN "priority" "BatchPriority" NOT NULL DEFAULT 'normal';
