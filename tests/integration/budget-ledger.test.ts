import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBatchProgress } from "../../lib/batches/get-batch-progress";
import { createBudgetGuards, type BudgetGuards } from "../../lib/budget/create-spend-guard";
import { getDailyBudget } from "../../lib/budget/get-spend";
import { setBatchBudget } from "../../lib/budget/set-batch-budget";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { AnalysisError } from "../../lib/errors";
import { pacificDayStart } from "../../lib/gemini/pacific-day";
import type { SpendGuard } from "../../lib/gemini/spend-guard";
import { createBatches } from "../../lib/ingest/create-batches";
import { createTestDatabase } from "../helpers/test-database";

// The spend ledger itself, against real PostgreSQL: holds are atomic across connections and processes, a settle turns a
// hold into spend, a crashed process's holds stop counting when they expire, and a split upload's parts share one cap.

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** hold() either gives a hold or refuses with budget_reached, which pauses the batch and is no failure of the image. */
async function tryHold(guard: SpendGuard, micros: number) {
  try {
    return { hold: await guard.hold(micros) };
  } catch (error) {
    expect(error).toBeInstanceOf(AnalysisError);
    const refusal = error as AnalysisError;
    expect(refusal.code).toBe("budget_reached");
    expect(refusal.options).toMatchObject({ retryable: true, countsAsFailure: false, pausesBatch: true });
    return { refused: refusal.message };
  }
}

describe("the spend ledger", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let guards: BudgetGuards;
  const scratch = mkdtempSync(path.join(os.tmpdir(), "loupe-budget-ledger-"));
  const children: ChildProcess[] = [];

  const cappedBatch = async (budgetMicros: bigint | null, name = "Capped") => db.batch.create({ data: { name, status: "running", budgetMicros } });
  const guardOf = async (batchId: string, of = guards) => (await of.guardFor(batchId))!;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    guards = createBudgetGuards(db, {}, { cacheMs: 0 });
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    guards?.close();
    await db?.$disconnect();
    await database?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("no cap and no daily budget: no guard at all", async () => {
    const batch = await cappedBatch(null, "Uncapped");
    expect(await guards.guardFor(batch.id)).toBeUndefined();
  });

  it("forty holds at once on ten connections: exactly as many as fit are given; the rest wait for them, and are refused once what was billed reaches the cap", async () => {
    const batch = await cappedBatch(10_000n);
    const guard = await guardOf(batch.id);
    const given: Awaited<ReturnType<SpendGuard["hold"]>>[] = [];
    const outcomes = Array.from({ length: 40 }, () => tryHold(guard, 1000).then((outcome) => (outcome.hold && given.push(outcome.hold), outcome)));
    await wait(1500);
    expect(given).toHaveLength(10);
    // Settled for less than they held: the difference is free again, and waiting calls take it.
    for (const hold of given.slice(0, 5)) await hold.settle(400);
    await wait(1500);
    expect(given).toHaveLength(13);
    // Released: all of it is free.
    for (const hold of given.slice(5, 8)) await hold.release();
    await wait(1500);
    expect(given).toHaveLength(16);
    // Billed at their most, the rest reach the cap: spent 2,000 + 8 × 1,000 = 10,000; every waiting call is refused.
    for (const hold of given.slice(8)) await hold.settle(1000);
    const settled = await Promise.all(outcomes);
    expect(given).toHaveLength(16);
    expect(settled.filter((outcome) => outcome.refused)).toHaveLength(24);
    expect(settled.find((outcome) => outcome.refused)!.refused).toBe(
      `Budget reached: this batch has spent $0.0100 of its $0.0100 cap, and the next Gemini call may cost up to $0.001000. ` +
        `No call is made past the cap. Raise the cap on the batch page (or PATCH /api/v1/batches/${batch.id} with {"budgetUsd": …}), then resume.`,
    );
    expect(await db.batchSpend.findUnique({ where: { batchId: batch.id } })).toMatchObject({ spentMicros: 10_000n, calls: 13 });
    expect(await db.spendHold.count({ where: { batchId: batch.id } })).toBe(0);
    const progress = await getBatchProgress(db, batch.id);
    expect(progress.budget).toEqual({ capUsd: 0.01, spentUsd: 0.01, heldUsd: 0, batchSpentUsd: 0.01, scopeBatchId: batch.id, shared: false });
  });

  it("a call waits only so long for calls in progress; a call that could not fit even alone is refused at once", async () => {
    const quick = createBudgetGuards(db, {}, { cacheMs: 0, holdWaitMs: 300 });
    try {
      const batch = await cappedBatch(3000n);
      const guard = await guardOf(batch.id, quick);
      const first = (await tryHold(guard, 2000)).hold!;
      const started = Date.now();
      expect((await tryHold(guard, 2000)).refused).toMatch(/\(and \$0\.002000 is held by calls in progress\)/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      await first.settle(1500);
      const refusedAt = Date.now();
      expect((await tryHold(guard, 2000)).refused).toMatch(/spent \$0\.001500 of its \$0\.003000 cap, and/);
      expect(Date.now() - refusedAt).toBeLessThan(250);
    } finally {
      quick.close();
    }
  });

  it("a raised cap counts from the next call; a lowered one refuses it", async () => {
    const batch = await cappedBatch(1000n);
    const guard = await guardOf(batch.id);
    await (await tryHold(guard, 1000)).hold!.settle(1000);
    expect((await tryHold(guard, 500)).refused).toMatch(/spent \$0\.001000 of its \$0\.001000 cap/);
    expect(await setBatchBudget(db, batch.id, 0.002)).toEqual({ scopeBatchId: batch.id, previousMicros: 1000n, budgetMicros: 2000n });
    await (await tryHold(guard, 500)).hold!.release();
    await setBatchBudget(db, batch.id, 0.0012);
    expect((await tryHold(guard, 500)).refused).toBeDefined();
    // Removed: nothing to check against but the day (none here), and what is billed is still counted.
    await setBatchBudget(db, batch.id, null);
    await (await tryHold(guard, 50_000)).hold!.settle(7);
    expect((await db.batchSpend.findUniqueOrThrow({ where: { batchId: batch.id } })).spentMicros).toBe(1007n);
  });

  it("a process killed with -9 while holding: its hold blocks the budget only until it expires", async () => {
    const batch = await cappedBatch(10_000n);
    // Node itself (not the tsx launcher, whose child would outlive a kill of the launcher) runs the holding process.
    const script = path.join(scratch, "hold-and-hang.mts");
    writeFileSync(
      script,
      `import { createPrismaClient } from ${JSON.stringify(path.resolve("lib/db/client.ts"))};
       import { createBudgetGuards } from ${JSON.stringify(path.resolve("lib/budget/create-spend-guard.ts"))};
       const db = createPrismaClient(process.env.DATABASE_URL!, 2);
       const guard = await createBudgetGuards(db, {}, { holdTtlMs: 2000 }).guardFor(process.env.BATCH_ID!);
       await guard!.hold(9000);
       console.log("held");
       setInterval(() => {}, 1000);`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", script], { env: { ...process.env, DATABASE_URL: database.url, BATCH_ID: batch.id }, stdio: ["ignore", "pipe", "inherit"] });
    children.push(child);
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      lines.on("line", (line) => line === "held" && resolve());
      child.on("exit", (code) => reject(new Error(`the holding process exited (${code}) before it held`)));
    });
    // Alive, it extends its hold past the 2 s it was given.
    await wait(3000);
    const impatient = createBudgetGuards(db, {}, { cacheMs: 0, holdWaitMs: 0 });
    try {
      expect((await tryHold(await guardOf(batch.id, impatient), 2000)).refused).toMatch(/\$0\.0090 is held by calls in progress/);
    } finally {
      impatient.close();
    }

    // Killed: a call that waits for it goes ahead once its hold has expired, within the 2 s it was last extended by.
    const waiting = tryHold(await guardOf(batch.id), 2000);
    const killedAt = Date.now();
    child.kill("SIGKILL");
    const freed = await waiting;
    expect(freed.hold).toBeDefined();
    expect(Date.now() - killedAt).toBeLessThan(2000 + 1500);
    await freed.hold!.settle(2000);
    // The whole cap is usable again: 8,000 more fits.
    await (await tryHold(await guardOf(batch.id), 8000)).hold!.release();
  });

  it("a split upload: the cap is on the parent, shared by its parts; a part's PATCH changes the upload's cap", async () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ rowNumber: i + 1, url: `https://cdn.example.com/${i}.jpg`, name: `${i}.jpg` }));
    const created = await createBatches(db, { name: "Catalogue", source: "csv", rows, maxBatchSize: 3, budgetMicros: 5000n });
    expect(created.batches).toHaveLength(3);
    const parent = await db.batch.findUniqueOrThrow({ where: { id: created.parentId! } });
    expect(parent.budgetMicros).toBe(5000n);
    expect(await db.batch.count({ where: { parentBatchId: parent.id, budgetMicros: { not: null } } })).toBe(0);

    const [first, second] = await Promise.all(created.batches.slice(0, 2).map((part) => guardOf(part.id)));
    await (await tryHold(first, 3000)).hold!.settle(3000);
    const refused = (await tryHold(second, 2500)).refused!;
    expect(refused).toMatch(/^Budget reached: the parts of this upload have spent \$0\.003000 of its \$0\.005000 cap \(shared by every part\)/);
    expect(refused).toContain(`Raise the cap on the upload's page (or PATCH /api/v1/batches/${parent.id} with`);
    await (await tryHold(second, 2000)).hold!.settle(1500);

    const part = await getBatchProgress(db, created.batches[1].id);
    expect(part.budget).toEqual({ capUsd: 0.005, spentUsd: 0.0045, heldUsd: 0, batchSpentUsd: 0.0015, scopeBatchId: parent.id, shared: true });
    expect((await getBatchProgress(db, parent.id)).budget).toMatchObject({ capUsd: 0.005, spentUsd: 0.0045, batchSpentUsd: 0.0045, shared: false });

    expect(await setBatchBudget(db, created.batches[2].id, 0.01)).toEqual({ scopeBatchId: parent.id, previousMicros: 5000n, budgetMicros: 10_000n });
    await (await tryHold(await guardOf(created.batches[2].id), 5500)).hold!.release();
  });

  it("a cap added to a batch that ran without one counts what its results already cost", async () => {
    const batch = await db.batch.create({ data: { name: "Ran uncapped", status: "running", costMicros: 4200n } });
    expect(await guards.guardFor(batch.id)).toBeUndefined();
    await setBatchBudget(db, batch.id, 0.005);
    const guard = await guardOf(batch.id);
    expect((await tryHold(guard, 900)).refused).toMatch(/spent \$0\.004200 of its \$0\.005000 cap/);
    await (await tryHold(guard, 800)).hold!.release();
  });

  it("the daily budget: every batch's calls count against one day (Pacific), and the next day starts from nothing", async () => {
    let now = Date.UTC(2030, 6, 14, 6, 30); // 23:30 on 13 July in Los Angeles
    const daily = createBudgetGuards(db, { GEMINI_DAILY_BUDGET_USD: 0.01 }, { cacheMs: 0, now: () => now });
    try {
      const [a, b] = await Promise.all([cappedBatch(null, "Daily A"), cappedBatch(1_000_000n, "Daily B")]);
      const [guardA, guardB] = [await guardOf(a.id, daily), await guardOf(b.id, daily)];
      await (await tryHold(guardA, 6000)).hold!.settle(6000);
      await (await tryHold(guardB, 3000)).hold!.settle(3000);
      const refused = (await tryHold(guardA, 1500)).refused!;
      expect(refused).toMatch(/^Daily budget reached: Gemini calls have cost \$0\.0090 of the \$0\.0100 daily cap \(GEMINI_DAILY_BUDGET_USD\) today, Pacific time, and the next Gemini call may cost up to \$0\.001500\./);
      expect(refused).toContain("midnight Pacific (in 30 min): resume the batch then, or raise GEMINI_DAILY_BUDGET_USD and restart Loupe, then resume.");
      expect((await tryHold(guardB, 1500)).refused).toMatch(/^Daily budget reached/);
      expect(await getDailyBudget(db, { GEMINI_DAILY_BUDGET_USD: 0.01 }, now)).toEqual({
        capUsd: 0.01,
        spentUsd: 0.009,
        heldUsd: 0,
        day: new Date(pacificDayStart(now)).toISOString(),
        resetsAt: "2030-07-14T07:00:00.000Z",
      });

      now += 31 * 60_000; // 00:01 on 14 July in Los Angeles
      await (await tryHold(guardA, 9000)).hold!.settle(9000);
      expect(await db.dailySpend.findMany({ where: { day: { gte: new Date("2030-01-01") } }, orderBy: { day: "asc" }, select: { day: true, spentMicros: true, calls: true } })).toEqual([
        { day: new Date("2030-07-13T07:00:00.000Z"), spentMicros: 9000n, calls: 2 },
        { day: new Date("2030-07-14T07:00:00.000Z"), spentMicros: 9000n, calls: 1 },
      ]);
    } finally {
      daily.close();
    }
  });
});
