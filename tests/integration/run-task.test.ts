import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { poolOf } from "../../lib/db/sql";
import { createTask } from "../../lib/tasks/create-task";
import { getTask } from "../../lib/tasks/get-task";
import { runTask } from "../../lib/tasks/run-task";
import type { TaskStep } from "../../lib/tasks/task-types";
import { createTestDatabase } from "../helpers/test-database";

// A task's step and another writer lock the same rows in opposite orders: PostgreSQL aborts one as a deadlock. When the
// step is the one aborted, the task tries it again at once instead of waiting seconds for a job retry.
describe("runTask and conflicting writers", { timeout: 60_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    await poolOf(db).query("CREATE TABLE contested (id int PRIMARY KEY, n int NOT NULL DEFAULT 0); INSERT INTO contested VALUES (1), (2)");
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("a step aborted as a real deadlock is run again within the same run and the task succeeds", async () => {
    const pool = poolOf(db);
    let attempts = 0;
    const errors: string[] = [];
    const deadlockingStep: TaskStep = async () => {
      attempts += 1;
      const mine = await pool.connect();
      const other = await pool.connect();
      try {
        // The step's session detects the deadlock first (its timeout is the shorter), so it is the one aborted.
        await mine.query("SET deadlock_timeout = '200ms'");
        await other.query("SET deadlock_timeout = '20s'");
        await mine.query("BEGIN");
        await other.query("BEGIN");
        await mine.query("UPDATE contested SET n = n + 1 WHERE id = 1");
        await other.query("UPDATE contested SET n = n + 1 WHERE id = 2");
        // Only the first attempt meets the other writer; the retry finds the rows free.
        const mineWaits = mine.query("UPDATE contested SET n = n + 1 WHERE id = 2");
        await new Promise((resolve) => setTimeout(resolve, 100));
        const otherWaits = attempts === 1 ? other.query("UPDATE contested SET n = n + 1 WHERE id = 1") : Promise.resolve();
        if (attempts > 1) await other.query("ROLLBACK");
        const [mineDone, otherDone] = await Promise.allSettled([mineWaits, otherWaits]);
        for (const outcome of [mineDone, otherDone]) if (outcome.status === "rejected") errors.push((outcome.reason as { code: string }).code);
        if (mineDone.status === "rejected") {
          await mine.query("ROLLBACK");
          await other.query("COMMIT");
          throw mineDone.reason;
        }
        await mine.query("COMMIT");
        return { done: true, result: { attempts } };
      } finally {
        mine.release();
        other.release();
      }
    };
    const taskId = await createTask(db, { kind: "contest" });
    const outcome = await runTask(db, { contest: deadlockingStep }, taskId, { workerId: "test", leaseSeconds: 30 });
    expect(errors).toContain("40P01");
    expect(outcome).toBe("succeeded");
    expect(attempts).toBe(2);
    const task = await getTask(db, taskId);
    expect(task).toMatchObject({ status: "succeeded", result: { attempts: 2 } });
    // The aborted attempt left nothing; the other writer's and the retry's updates are there.
    const { rows } = await pool.query<{ id: number; n: number }>("SELECT id, n FROM contested ORDER BY id");
    expect(rows).toEqual([{ id: 1, n: 2 }, { id: 2, n: 2 }]);
  });

  it("any other error still gives the task back for a later run", async () => {
    const taskId = await createTask(db, { kind: "broken" });
    let attempts = 0;
    const broken: TaskStep = async () => {
      attempts += 1;
      throw Object.assign(new Error("connection reset"), { code: "ECONNRESET" });
    };
    await expect(runTask(db, { broken }, taskId, { workerId: "test", leaseSeconds: 30 })).rejects.toThrow("connection reset");
    expect(attempts).toBe(1);
    expect((await getTask(db, taskId)).status).toBe("running");
  });
});
