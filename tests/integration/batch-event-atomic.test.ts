import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelBatch } from "../../lib/batches/control-batch";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { poolOf } from "../../lib/db/sql";
import { finalizeBatch } from "../../lib/orchestration/finalize-batch";
import { createWebhook } from "../../lib/webhooks/manage-webhooks";
import { seedBatch } from "../helpers/seed-batch";
import { createTestDatabase } from "../helpers/test-database";

const AUTH_SECRET = "batch-event-atomic-auth-secret-of-enough-length-0123";

// A batch's status change and the webhook event that announces it commit together: while the event cannot be written
// yet, nobody sees the new status either (so a crash between the two cannot leave a finished batch that was never
// announced); and an event that fails to be written never stops the change.
describe("batch status changes and their webhook events are one transaction", { timeout: 60_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    await createWebhook(db, AUTH_SECRET, "127.0.0.1", { url: "http://127.0.0.1:9/hooks", events: ["batch.completed", "batch.cancelled"] }, null);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  const statusOf = async (batchId: string) => (await poolOf(db).query<{ status: string }>("SELECT status::text FROM batches WHERE id = $1", [batchId])).rows[0].status;
  const eventsFor = async (batchId: string) =>
    (await poolOf(db).query<{ event_type: string }>("SELECT event_type FROM webhook_deliveries WHERE payload LIKE $1 ORDER BY created_at", [`%${batchId}%`])).rows.map((row) => row.event_type);

  /** Runs `change` while another session holds webhook_deliveries locked; returns what others saw meanwhile. */
  async function whileEventsAreLocked(batchId: string, change: () => Promise<unknown>) {
    const locker = await poolOf(db).connect();
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE webhook_deliveries IN EXCLUSIVE MODE");
      const changing = change();
      // Until the change waits on the lock (its event's INSERT), nothing of it may be visible.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { rows } = await locker.query("SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'webhook_deliveries'::regclass AND NOT granted");
        if (rows[0].n > 0) break;
        if (Date.now() > deadline) throw new Error("the change never waited for the event's insert");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const seenMeanwhile = await statusOf(batchId);
      await locker.query("COMMIT");
      await changing;
      return seenMeanwhile;
    } finally {
      locker.release();
    }
  }

  it("a finished batch is not seen as completed until its batch.completed event is recorded with it", async () => {
    const batch = await seedBatch(db, { count: 2, status: "running" });
    await db.$executeRaw`UPDATE images SET status = 'succeeded' WHERE batch_id = ${batch.id}::uuid`;
    await db.batch.update({ where: { id: batch.id }, data: { queuedCount: 0, succeededCount: 2 } });
    expect(await whileEventsAreLocked(batch.id, () => finalizeBatch(db, batch.id))).toBe("running");
    expect(await statusOf(batch.id)).toBe("completed");
    expect(await eventsFor(batch.id)).toEqual(["batch.completed"]);
  });

  it("a cancel is not seen until its batch.cancelled event is recorded with it", async () => {
    const batch = await seedBatch(db, { count: 3, status: "running" });
    expect(await whileEventsAreLocked(batch.id, () => cancelBatch(db, batch.id))).toBe("running");
    expect(await statusOf(batch.id)).toBe("cancelled");
    expect(await eventsFor(batch.id)).toEqual(["batch.cancelled"]);
  });

  it("an event that cannot be written is logged and the batch still finishes", async () => {
    const pool = poolOf(db);
    await pool.query(`CREATE FUNCTION refuse_delivery() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'deliveries refused'; END $$;
                      CREATE TRIGGER refuse_delivery BEFORE INSERT ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION refuse_delivery()`);
    try {
      const batch = await seedBatch(db, { count: 1, status: "running" });
      await db.$executeRaw`UPDATE images SET status = 'failed' WHERE batch_id = ${batch.id}::uuid`;
      await db.batch.update({ where: { id: batch.id }, data: { queuedCount: 0, failedCount: 1 } });
      await expect(finalizeBatch(db, batch.id)).resolves.toBe("completed_with_errors");
      expect(await statusOf(batch.id)).toBe("completed_with_errors");
      expect(await eventsFor(batch.id)).toEqual([]);
    } finally {
      await pool.query("DROP TRIGGER refuse_delivery ON webhook_deliveries; DROP FUNCTION refuse_delivery()");
    }
  });
});
