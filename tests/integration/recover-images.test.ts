import { describe, expect, it } from "vitest";
import { recoverImages } from "../../lib/orchestration/recover-images";
import { expectCountersMatchRows } from "../helpers/batch-checks";
import { seedBatch } from "../helpers/seed-batch";
import { useTestDatabase } from "../helpers/test-database";

// What a live worker's tick does after another worker was killed (tests/e2e/crash.e2e.ts shows it end to end).
describe("recovering the images of a dead worker", () => {
  const testDb = useTestDatabase();

  it("requeues what it held and hands out again what was dispatched until it died, also after its last heartbeat", async () => {
    const db = testDb.db;
    const batch = await seedBatch(db, { count: 5, status: "running" });
    const [held, beforeBeat, afterBeat, live, undispatched] = await db.image.findMany({ where: { batchId: batch.id }, orderBy: { id: "asc" } });
    const secondsAgo = (s: number) => new Date(Date.now() - s * 1000);
    await db.$executeRaw`INSERT INTO workers (id, hostname, pid, adapter, concurrency, heartbeat_at) VALUES ('dead', 'h', 1, 'pg-boss', 4, ${secondsAgo(30)}), ('alive', 'h', 2, 'pg-boss', 4, now())`;
    await db.image.update({ where: { id: held.id }, data: { status: "processing", workerId: "dead", attempts: 1, leaseUntil: new Date(Date.now() + 600_000), dispatchedAt: secondsAgo(31) } });
    await db.image.update({ where: { id: beforeBeat.id }, data: { dispatchedAt: secondsAgo(32) } });
    // Dispatched by the dying worker a second after its last heartbeat, its job never written.
    await db.image.update({ where: { id: afterBeat.id }, data: { dispatchedAt: secondsAgo(29) } });
    await db.image.update({ where: { id: live.id }, data: { status: "processing", workerId: "alive", attempts: 1, leaseUntil: new Date(Date.now() + 600_000), dispatchedAt: secondsAgo(1) } });
    await db.batch.update({ where: { id: batch.id }, data: { queuedCount: 3, processingCount: 2 } });

    expect(await recoverImages(db, { deadAfterSeconds: 20 })).toBe(1);
    const after = new Map((await db.image.findMany({ where: { batchId: batch.id } })).map((image) => [image.id, image]));
    expect(after.get(held.id)).toMatchObject({ status: "queued", workerId: null, dispatchedAt: null });
    expect(after.get(beforeBeat.id)).toMatchObject({ status: "queued", dispatchedAt: null });
    expect(after.get(afterBeat.id)).toMatchObject({ status: "queued", dispatchedAt: null });
    expect(after.get(live.id)).toMatchObject({ status: "processing", workerId: "alive" });
    expect(after.get(undispatched.id)).toMatchObject({ status: "queued", dispatchedAt: null });
    expect(await db.$queryRaw<{ id: string }[]>`SELECT id FROM workers ORDER BY id`).toEqual([{ id: "alive" }]);
    await expectCountersMatchRows(db, batch.id);

    // Once per death: with no dead worker left, a fresh dispatch stays.
    await db.image.update({ where: { id: afterBeat.id }, data: { dispatchedAt: new Date() } });
    await recoverImages(db, { deadAfterSeconds: 20 });
    expect((await db.image.findUniqueOrThrow({ where: { id: afterBeat.id } })).dispatchedAt).not.toBeNull();
  });
});
