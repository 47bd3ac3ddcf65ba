import { describe, expect, it } from "vitest";
import { releaseUnsettledImages } from "../../lib/orchestration/release-unsettled-images";
import { expectCountersMatchRows } from "../helpers/batch-checks";
import { seedBatch } from "../helpers/seed-batch";
import { useTestDatabase } from "../helpers/test-database";

// What the worker does with images whose job ended in an error it could not record (tests/integration/faults.test.ts
// shows it end to end with a PostgreSQL restart); here each branch on its own.
describe("releasing images whose job ended in an unrecorded error", () => {
  const testDb = useTestDatabase();

  it("requeues held images, fails those out of runs, undispatches queued ones, and leaves other workers' images alone", async () => {
    const batch = await seedBatch(testDb.db, { count: 5, status: "running" });
    const [held, exhausted, dispatched, otherWorker, untouched] = await testDb.db.image.findMany({ where: { batchId: batch.id }, orderBy: { id: "asc" } });
    const hold = async (id: bigint, workerId: string, attempts: number) =>
      testDb.db.image.update({ where: { id }, data: { status: "processing", workerId, attempts, leaseUntil: new Date(Date.now() + 900_000), dispatchedAt: new Date() } });
    await hold(held.id, "me", 1);
    await hold(exhausted.id, "me", 3);
    await hold(otherWorker.id, "someone-else", 1);
    await testDb.db.image.update({ where: { id: dispatched.id }, data: { dispatchedAt: new Date() } });
    await testDb.db.batch.update({ where: { id: batch.id }, data: { queuedCount: 2, processingCount: 3 } });

    const released = await releaseUnsettledImages(testDb.db, "me", [held.id, exhausted.id, dispatched.id, otherWorker.id], 3);
    expect(released).toBe(3);
    const after = new Map((await testDb.db.image.findMany({ where: { batchId: batch.id } })).map((image) => [image.id, image]));
    expect(after.get(held.id)).toMatchObject({ status: "queued", workerId: null, leaseUntil: null, dispatchedAt: null });
    expect(after.get(exhausted.id)).toMatchObject({ status: "failed", lastErrorCode: "internal" });
    expect(after.get(exhausted.id)!.lastErrorMessage).toMatch(/broke off 3 times/);
    expect(after.get(dispatched.id)).toMatchObject({ status: "queued", dispatchedAt: null });
    expect(after.get(otherWorker.id)).toMatchObject({ status: "processing", workerId: "someone-else" });
    expect(after.get(untouched.id)).toMatchObject({ status: "queued", dispatchedAt: null });
    await expectCountersMatchRows(testDb.db, batch.id);
    expect(await releaseUnsettledImages(testDb.db, "me", [], 3)).toBe(0);
  });
});
