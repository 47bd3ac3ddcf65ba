-- Auto-pause on failure rate (lib/orchestration/pause-on-failure-rate.ts): the outcomes of a batch's last 200 finished
-- images, newest last ('s' succeeded, 'f' failed; rate limits are not failures and leave no mark), kept in the same
-- statement that counts each image, so the rate is one read of the batch's row. A resume starts it afresh.
ALTER TABLE "batches" ADD COLUMN "recent_outcomes" TEXT NOT NULL DEFAULT '';
