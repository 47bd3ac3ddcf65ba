import { describe, expect, it } from "vitest";
import { getBatchProgress, getBatchProgressWithParts } from "../../lib/batches/get-batch-progress";
import { useTestDatabase } from "../helpers/test-database";

describe("a parent's progress sums its parts (real PostgreSQL)", () => {
  const testDb = useTestDatabase();

  it("counters, tokens and each minute's finished images summed over the parts, oldest minute first; each part keeps its own", async () => {
    const db = testDb.db;
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30_000); // half way through a minute
    const minute = (ago: number) => new Date(now.getTime() - 30_000 - ago * 60_000);
    const parent = await db.batch.create({ data: { name: "Upload", kind: "parent", status: "running", totalParts: 3, startedAt: minute(30) } });
    const parts = [];
    for (const sequence of [1, 2, 3])
      parts.push(await db.batch.create({
        data: { name: `Upload — Part ${sequence}`, kind: "part", parentBatchId: parent.id, sequence, status: sequence === 2 ? "paused" : "running", startedAt: minute(30),
          pauseCode: sequence === 2 ? "failure_rate" : null, pauseReason: sequence === 2 ? "Most images failed." : null,
          totalImages: 100, queuedCount: 100 - 10 * sequence, succeededCount: 9 * sequence, failedCount: sequence, inputTokens: 1000 * sequence, outputTokens: 10 * sequence, costMicros: 7 * sequence },
      }));
    // Part 1 finished images 10 and 2 minutes ago, part 2 at 2 and 0 minutes ago, part 3 only 2 hours ago (outside the hour).
    const stats = [
      { batchId: parts[1].id, minute: minute(0), succeeded: 4, failed: 1 },
      { batchId: parts[0].id, minute: minute(2), succeeded: 3, failed: 0 },
      { batchId: parts[1].id, minute: minute(2), succeeded: 2, failed: 2 },
      { batchId: parts[0].id, minute: minute(10), succeeded: 6, failed: 1 },
      { batchId: parts[2].id, minute: minute(120), succeeded: 50, failed: 0 },
    ];
    await db.batchMinuteStat.createMany({ data: stats.map((row) => ({ ...row, tokens: 0 })) });

    const progress = await getBatchProgress(db, parent.id, now);
    expect(progress.counts).toEqual({ total: 300, queued: 240, processing: 0, succeeded: 54, failed: 6, cancelled: 0, cached: 0 });
    expect(progress.tokens).toEqual({ input: 6000, output: 60 });
    expect(progress.costUsd).toBeCloseTo(42 / 1_000_000);
    expect(progress.throughput).toEqual([
      { minute: minute(10).toISOString(), succeeded: 6, failed: 1 },
      { minute: minute(2).toISOString(), succeeded: 5, failed: 2 },
      { minute: minute(0).toISOString(), succeeded: 4, failed: 1 },
    ]);
    // The last five minutes: 5 + 2 + 4 + 1 images over five minutes.
    expect(progress.imagesPerMinute).toBe(2.4);
    expect(progress.pause).toEqual({ code: "failure_rate", reason: "Most images failed.", batchId: parts[1].id });

    const body = await getBatchProgressWithParts(db, parent.id, now);
    const { parts: partsProgress, remoteJobs, ...parentProgress } = body;
    expect(parentProgress).toEqual(progress);
    expect(remoteJobs).toEqual([]);
    expect(partsProgress.map((part) => part.id)).toEqual(parts.map((part) => part.id));
    expect(partsProgress[0].throughput).toEqual([
      { minute: minute(10).toISOString(), succeeded: 6, failed: 1 },
      { minute: minute(2).toISOString(), succeeded: 3, failed: 0 },
    ]);
    expect(partsProgress[1].throughput.map((row) => row.succeeded)).toEqual([2, 4]);
    expect(partsProgress[2].throughput).toEqual([]);
    expect(partsProgress[1].counts.succeeded).toBe(18);
    expect(partsProgress[1].pause?.batchId).toBe(parts[1].id);
    expect(partsProgress[0].pause).toBeNull();
    // A part alone reads the same as in its parent's body.
    expect({ ...(await getBatchProgressWithParts(db, parts[0].id, now)), parts: undefined, remoteJobs: undefined }).toEqual({ ...partsProgress[0], parts: undefined, remoteJobs: undefined });
  });
});
