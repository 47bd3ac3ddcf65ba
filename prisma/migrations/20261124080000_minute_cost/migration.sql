-- AlterTable
ALTER TABLE "batch_minute_stats" ADD COLUMN     "cost_micros" BIGINT NOT NULL DEFAULT 0;
