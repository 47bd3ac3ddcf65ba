import { expect } from "vitest";
import { getBatchProgress } from "../../lib/batches/get-batch-progress";
import type { PrismaClient } from "../../lib/db/generated/client";

const json = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? Number(v) : v));

/** Polls `probe` until `done` holds; fails with the last value seen after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (error) {
      lastError = error; // e.g. the database is restarting: keep polling until the deadline
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${last === undefined ? String(lastError) : json(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Every batch counter equals the number of image rows in that status (counters move incrementally, never recounted). */
export async function expectCountersMatchRows(db: PrismaClient, batchId: string) {
  const rows = await db.$queryRaw<{ status: string; n: number }[]>`SELECT status::text, count(*)::int AS n FROM images WHERE batch_id = ${batchId}::uuid GROUP BY status`;
  const actual = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  const progress = await getBatchProgress(db, batchId);
  for (const status of ["queued", "processing", "succeeded", "failed", "cancelled"] as const) {
    expect(progress.counts[status], `counter ${status} of batch ${batchId}`).toBe(actual[status] ?? 0);
  }
  expect(progress.counts.total).toBe(Object.values(actual).reduce((sum, n) => sum + n, 0));
}

/** A finished batch: the expected final status, and no image left queued or processing. */
export async function waitForBatchToFinish(db: PrismaClient, batchId: string, timeoutMs = 60_000) {
  return waitFor(`batch ${batchId} to finish`, () => getBatchProgress(db, batchId), (p) => ["completed", "completed_with_errors", "failed", "cancelled"].includes(p.status), timeoutMs, 250);
}

/** Each image's attempt history, oldest first: [errorCode ?? "ok", httpStatus]. */
export async function attemptHistories(db: PrismaClient, batchId: string) {
  const attempts = await db.imageAttempt.findMany({ where: { image: { batchId } }, orderBy: [{ imageId: "asc" }, { attemptNo: "asc" }], select: { imageId: true, errorCode: true, httpStatus: true } });
  const byImage = new Map<bigint, { code: string; status: number | null }[]>();
  for (const attempt of attempts) {
    if (!byImage.has(attempt.imageId)) byImage.set(attempt.imageId, []);
    byImage.get(attempt.imageId)!.push({ code: attempt.errorCode ?? "ok", status: attempt.httpStatus });
  }
  return byImage;
}
