import { describe, expect, it } from "vitest";
import { claimImage } from "../../lib/orchestration/claim-image";
import { expectCountersMatchRows } from "../helpers/batch-checks";
import { seedBatch } from "../helpers/seed-batch";
import { useTestDatabase } from "../helpers/test-database";

// Claims made in the same turn of the event loop for one batch share a statement; what each caller gets must be what
// it would get alone.
describe("claiming images", () => {
  const testDb = useTestDatabase();

  it("claims a batch's images made at once in one go, each once, with the batch's counters moved by as many", async () => {
    const batch = await seedBatch(testDb.db, { count: 12, status: "running" });
    const images = await testDb.db.image.findMany({ where: { batchId: batch.id }, orderBy: { id: "asc" } });
    const [expired, held, done] = images.slice(9);
    await testDb.db.image.update({ where: { id: expired.id }, data: { status: "processing", workerId: "crashed", attempts: 1, leaseUntil: new Date(Date.now() - 1000) } });
    await testDb.db.image.update({ where: { id: held.id }, data: { status: "processing", workerId: "someone-else", attempts: 1, leaseUntil: new Date(Date.now() + 900_000) } });
    await testDb.db.image.update({ where: { id: done.id }, data: { status: "succeeded" } });
    await testDb.db.batch.update({ where: { id: batch.id }, data: { queuedCount: 9, processingCount: 2, succeededCount: 1 } });

    const claims = images.map((image) => claimImage(testDb.db, image.id, "me", 300, batch.id));
    const twice = claimImage(testDb.db, images[0].id, "me", 300, batch.id); // the same job delivered twice
    const claimed = await Promise.all(claims);

    expect(await twice).toBeNull();
    expect(claimed.slice(0, 10).map((image) => image?.id)).toEqual(images.slice(0, 10).map((image) => image.id));
    expect(claimed[0]).toMatchObject({ batchId: batch.id, name: "image-1.jpg", sourceUrl: "http://127.0.0.1:9/image-1.jpg", attempts: 1 });
    expect(claimed[9]).toMatchObject({ attempts: 2 }); // its lease had expired: taken over, counted as a new run
    expect(claimed.slice(10)).toEqual([null, null]);
    const rows = await testDb.db.image.findMany({ where: { batchId: batch.id, workerId: "me" } });
    expect(rows).toHaveLength(10);
    expect(rows.every((row) => row.status === "processing" && row.leaseUntil!.getTime() > Date.now() + 250_000)).toBe(true);
    await expectCountersMatchRows(testDb.db, batch.id);
  });

  it("claims nothing of a paused batch, and claims of different batches each move their own batch's counters", async () => {
    const paused = await seedBatch(testDb.db, { count: 3, status: "running" });
    const running = await seedBatch(testDb.db, { count: 4, status: "running" });
    await testDb.db.batch.update({ where: { id: paused.id }, data: { status: "paused" } });
    const pausedImages = await testDb.db.image.findMany({ where: { batchId: paused.id } });
    const runningImages = await testDb.db.image.findMany({ where: { batchId: running.id } });

    const claimed = await Promise.all([
      ...pausedImages.map((image) => claimImage(testDb.db, image.id, "me", 300, paused.id)),
      ...runningImages.map((image) => claimImage(testDb.db, image.id, "me", 300, running.id)),
    ]);

    expect(claimed.slice(0, 3)).toEqual([null, null, null]);
    expect(claimed.slice(3, 7).every((image) => image?.batchId === running.id)).toBe(true);
    // A claim alone in its turn, by another worker.
    const single = await seedBatch(testDb.db, { count: 1, status: "running" });
    const [alone] = await testDb.db.image.findMany({ where: { batchId: single.id } });
    expect(await claimImage(testDb.db, alone.id, "other-worker", 300, single.id)).toMatchObject({ id: alone.id, batchId: single.id });
    expect(await claimImage(testDb.db, runningImages[0].id, "other-worker", 300, running.id)).toBeNull(); // held by "me"
    await expectCountersMatchRows(testDb.db, single.id);
    await expectCountersMatchRows(testDb.db, paused.id);
    await expectCountersMatchRows(testDb.db, running.id);
    expect(await testDb.db.batch.findUniqueOrThrow({ where: { id: running.id } })).toMatchObject({ queuedCount: 0, processingCount: 4 });
  });
});
