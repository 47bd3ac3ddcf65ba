import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { claimDispatchWindow } from "../../lib/orchestration/dispatch-batch";
import { createTestDatabase } from "../helpers/test-database";

// Dispatch while a host's breaker is open: the images waiting on it are left out, however many come first, and the
// ones behind them go out; nothing is handed out twice; once the breaker closes the waiting ones go too.
describe("dispatch past a blocked host", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  /** A running batch: `blocked` images on dead.example, then `open` images on 127.0.0.1. */
  async function runningBatch(blocked: number, open: number) {
    const batch = await db.batch.create({ data: { name: "Behind a dead host", status: "running", source: "urls", totalImages: blocked + open, queuedCount: blocked + open } });
    await db.$executeRaw`
      INSERT INTO images (batch_id, row_number, name, source_url)
      SELECT ${batch.id}::uuid, n, 'image-' || n || '.jpg',
             CASE WHEN n <= ${blocked} THEN 'https://Dead.example/image-' || n || '.jpg' ELSE 'http://127.0.0.1:9/image-' || n || '.jpg' END
      FROM generate_series(1, ${blocked + open}) AS n`;
    return batch.id;
  }
  const hostsOf = async (ids: bigint[]) =>
    (await db.$queryRaw<{ url: string }[]>`SELECT source_url AS url FROM images WHERE id = ANY(${ids.map(String)}::bigint[])`).map((row) => new URL(row.url).hostname);

  it("skips 30,000 images on a blocked host to dispatch the 5 behind them, once each, and the blocked ones once the breaker closes", async () => {
    await db.$executeRaw`INSERT INTO host_breakers (host, state, consecutive_failures, opened_at, blocked_until) VALUES ('dead.example', 'open', 20, now(), now() + interval '10 minutes')`;
    const batchId = await runningBatch(30_000, 5);

    const claimed: bigint[] = [];
    for (let call = 0; call < 3 && claimed.length < 5; call++) claimed.push(...(await claimDispatchWindow(db, batchId, 10)));
    expect(claimed).toHaveLength(5);
    expect(new Set(await hostsOf(claimed))).toEqual(new Set(["127.0.0.1"]));
    // The scan reached the end and starts again: nothing more to give while the host is blocked, nothing given twice.
    for (let call = 0; call < 3; call++) expect(await claimDispatchWindow(db, batchId, 10)).toEqual([]);

    await db.$executeRaw`DELETE FROM host_breakers WHERE host = 'dead.example'`;
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the set of blocked hosts is re-read each second
    const after = await claimDispatchWindow(db, batchId, 10);
    // The window counts the 5 still in flight: 5 more, the first ones of the dead host.
    expect(after).toHaveLength(5);
    expect(new Set(await hostsOf(after))).toEqual(new Set(["dead.example"]));
    const { count } = (await db.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM images WHERE batch_id = ${batchId}::uuid AND dispatched_at IS NOT NULL`)[0];
    expect(count).toBe(10);
  });

  it("fills the window from the open host's images between blocked ones, in order", async () => {
    await db.$executeRaw`INSERT INTO host_breakers (host, state, consecutive_failures, opened_at, blocked_until) VALUES ('dead.example', 'open', 20, now(), now() + interval '10 minutes')`;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const batchId = await runningBatch(7_000, 40);
    const first = await claimDispatchWindow(db, batchId, 16);
    expect(first).toHaveLength(16);
    expect(new Set(await hostsOf(first))).toEqual(new Set(["127.0.0.1"]));
    const rows = await db.$queryRaw<{ row: number }[]>`SELECT row_number AS row FROM images WHERE id = ANY(${first.map(String)}::bigint[]) ORDER BY id`;
    expect(rows.map((r) => Number(r.row))).toEqual(Array.from({ length: 16 }, (_, i) => 7_001 + i));
  });
});
