import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchTaskHandlers } from "../../lib/batches/batch-task-handlers";
import { beginBatchDelete } from "../../lib/batches/delete-batch";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import { LocalStorage } from "../../lib/storage/local-storage";
import { getTask } from "../../lib/tasks/get-task";
import { startWorker, type RunningWorker } from "../../lib/worker/start-worker";
import { apiAuthHeaders } from "../helpers/api-auth";
import { copyLargeParent } from "../helpers/copy-images";
import { seedBatch } from "../helpers/seed-batch";
import { createTestDatabase } from "../helpers/test-database";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const until = async (check: () => Promise<boolean>, timeoutMs = 90_000, everyMs = 50) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
};

// Delete, cancel and retry of a parent far larger than one request can handle: answered at once, finished in chunks by a
// job (kill -9 included), nothing of another batch touched.
describe("operations on a very large parent batch", { timeout: 240_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let auth: Record<string, string>;
  let routes: { list: Handler; get: Handler; remove: Handler; task: Handler; cancel: Handler; retry: Handler };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-large-ops-"));
  const storage = new LocalStorage(path.join(dataDir, "uploads"));
  const call = async (handler: Handler, url: string, params: Record<string, string> = {}, init: RequestInit = {}) => {
    const response = await handler(new Request(`http://127.0.0.1/api/v1/${url}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } }), { params: Promise.resolve(params) });
    return { status: response.status, location: response.headers.get("location"), body: await response.json() };
  };
  const put = async (text: string) => (await storage.put(Readable.from([Buffer.from(text)]))).sha256;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    Object.assign(process.env, { DATABASE_URL: database.url, DATA_DIR: dataDir, WORKER: "off" });
    auth = await apiAuthHeaders(database.url, "analyst");
    const collection = (await import("../../app/api/v1/batches/route")) as unknown as { GET: Handler };
    const single = (await import("../../app/api/v1/batches/[id]/route")) as unknown as { GET: Handler; DELETE: Handler };
    const task = (await import("../../app/api/v1/tasks/[id]/route")) as unknown as { GET: Handler };
    const cancel = (await import("../../app/api/v1/batches/[id]/cancel/route")) as unknown as { POST: Handler };
    const retry = (await import("../../app/api/v1/batches/[id]/retry-failed/route")) as unknown as { POST: Handler };
    routes = { list: collection.GET, get: single.GET, remove: single.DELETE, task: task.GET, cancel: cancel.POST, retry: retry.POST };
  });
  afterAll(async () => {
    const { appContext } = await import("../../lib/server/app-context");
    await (await appContext().jobs()).stop();
    await db?.$disconnect();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("DELETE of a 400,000-image parent answers 202 at once; it leaves the lists, a job removes it in chunks while the server answers; other batches keep their rows and files", async () => {
    const onlyParent = await put("a file only the big parent uses");
    const shared = await put("a file both batches use");
    const otherOwn = await put("a file only the other batch uses");
    // Each DELETE request runs the task for up to 1.5 s itself: the parent is large enough to outlast both requests on a
    // quiet machine (200,000 rows did not), so the worker's part of it can be watched half done.
    const big = await copyLargeParent(db, database.url, { parts: 8, perPart: 50_000, sha256Of: (n) => (n % 1000 === 1 ? onlyParent : n === 2 ? shared : null) });
    const other = await seedBatch(db, { count: 30, name: "Someone else's batch" });
    await db.image.updateMany({ where: { batchId: other.id, rowNumber: { lte: 2 } }, data: { sha256: shared } });
    await db.image.updateMany({ where: { batchId: other.id, rowNumber: 3 }, data: { sha256: otherOwn } });

    const answered = await call(routes.remove, `batches/${big.parentId}`, { id: big.parentId }, { method: "DELETE" });
    expect(answered.status).toBe(202);
    expect(answered.location).toBe(`/api/v1/tasks/${answered.body.task.id}`);
    expect(["queued", "running"]).toContain(answered.body.task.status);
    expect(answered.body.task).toMatchObject({ kind: "batch.delete", target: { type: "batch", id: big.parentId }, progress: { total: 400_000 } });
    expect(answered.body.task.progress.done).toBeLessThan(400_000);
    const taskId = answered.body.task.id as string;

    // Gone from the lists and from GET at once, rows still there.
    const listed = await call(routes.list, "batches?limit=50");
    expect(listed.body.batches.map((batch: { id: string }) => batch.id)).toEqual([other.id]);
    expect((await call(routes.get, `batches/${big.parentId}`, { id: big.parentId })).status).toBe(404);
    // A second DELETE answers the same task.
    expect((await call(routes.remove, `batches/${big.parentId}`, { id: big.parentId }, { method: "DELETE" })).body.task.id).toBe(taskId);

    // A worker takes the task over (the job the route queued); polling starts while it boots, because on a quiet
    // machine its chunks can all finish before the first poll would otherwise come.
    const workerStarting = startTaskWorker(database.url, db, storage);
    try {
      // While the delete is half done, the server keeps answering other requests.
      let answeredMeanwhile = 0;
      await until(async () => {
        const progress = (await call(routes.task, `tasks/${taskId}`, { id: taskId })).body;
        if ((progress.status === "queued" || progress.status === "running") && progress.progress.done > 0 && progress.progress.done < 400_000) {
          const [list, one] = await Promise.all([call(routes.list, "batches"), call(routes.get, `batches/${other.id}`, { id: other.id })]);
          expect(list.status).toBe(200);
          expect(one.body.counts.total).toBe(30);
          answeredMeanwhile += 1;
        }
        return progress.status === "succeeded";
      }, 120_000);
      expect(answeredMeanwhile).toBeGreaterThan(0);
    } finally {
      await (await workerStarting).stop();
    }
    const done = (await call(routes.task, `tasks/${taskId}`, { id: taskId })).body;
    expect(done).toMatchObject({ status: "succeeded", progress: { done: 400_000, total: 400_000, percent: 100 }, result: { deletedBatches: 9, deletedFiles: 1 }, error: null });
    expect(done.createdById).toBeTruthy();
    expect(await db.batch.count({ where: { id: { in: [big.parentId, ...big.partIds] } } })).toBe(0);
    expect(await db.image.count({ where: { batchId: { in: big.partIds } } })).toBe(0);
    expect(await db.image.count({ where: { batchId: other.id } })).toBe(30);
    expect([await storage.exists(onlyParent), await storage.exists(shared), await storage.exists(otherOwn)]).toEqual([false, true, true]);
    expect(await db.taskFile.count()).toBe(0);
    expect((await call(routes.task, `tasks/00000000-0000-4000-8000-000000000000`, { id: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
  });

  it("a small batch's DELETE answers 200 with what was deleted", async () => {
    const small = await seedBatch(db, { count: 5, name: "Small" });
    const answered = await call(routes.remove, `batches/${small.id}`, { id: small.id }, { method: "DELETE" });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ deletedBatches: 1, deletedFiles: 0, task: { status: "succeeded", kind: "batch.delete" } });
    expect(await db.batch.findUnique({ where: { id: small.id } })).toBeNull();
  });

  it("cancel and retry-all-failed of a 100,000-image parent: answered at once, finished by a job in chunks, counters exact", async () => {
    const big = await copyLargeParent(db, database.url, { parts: 2, perPart: 50_000, status: "running", name: "Running parent" });
    const cancelled = await call(routes.cancel, `batches/${big.parentId}/cancel`, { id: big.parentId }, { method: "POST" });
    expect(cancelled.body.error ?? null).toBeNull();
    expect([200, 202]).toContain(cancelled.status);
    const worker = await startTaskWorker(database.url, db, storage);
    try {
      const taskId = cancelled.body.task.id as string;
      await until(async () => (await getTask(db, taskId)).status === "succeeded");
      const parts = await db.batch.findMany({ where: { parentBatchId: big.parentId } });
      expect(parts.map((part) => [part.status, part.queuedCount, part.cancelledCount])).toEqual([
        ["cancelled", 0, 50_000],
        ["cancelled", 0, 50_000],
      ]);
      expect(await db.image.count({ where: { batchId: { in: big.partIds }, status: "cancelled" } })).toBe(100_000);

      // The same parent, its images failed instead: retry-all-failed requeues them all, a chunk at a time.
      await db.image.updateMany({ where: { batchId: { in: big.partIds } }, data: { status: "failed", lastErrorCode: "image_unreachable" } });
      await db.batch.updateMany({ where: { parentBatchId: big.parentId }, data: { status: "completed_with_errors", cancelledCount: 0, failedCount: 50_000 } });
      await db.batch.update({ where: { id: big.parentId }, data: { status: "completed_with_errors" } });
      const retried = await call(routes.retry, `batches/${big.parentId}/retry-failed`, { id: big.parentId }, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ errorCode: "image_unreachable" }) });
      expect([200, 202]).toContain(retried.status);
      const retryTask = retried.body.task.id as string;
      await until(async () => (await getTask(db, retryTask)).status === "succeeded");
      expect((await getTask(db, retryTask)).result).toEqual({ retried: 100_000 });
      const after = await db.batch.findMany({ where: { parentBatchId: big.parentId } });
      expect(after.map((part) => [part.failedCount, part.queuedCount + part.processingCount + part.succeededCount + part.failedCount])).toEqual([
        [0, 50_000],
        [0, 50_000],
      ]);
    } finally {
      await worker.stop();
    }
  });

  it("kill -9 in the middle of a delete: another worker process finishes it, nothing of another batch touched", async () => {
    const onlyParent = await put("kill test: the parent's file");
    const big = await copyLargeParent(db, database.url, { parts: 2, perPart: 50_000, sha256Of: (n) => (n % 500 === 0 ? onlyParent : null), name: "Doomed" });
    const other = await seedBatch(db, { count: 12, name: "Bystander" });
    const first = await startWorkerProcess(database.url, storage.root);
    const taskId = await beginBatchDelete(db, big.parentId);
    const sender = await createPgBossEngine({ databaseUrl: database.url, concurrency: 1 });
    await sender.enqueue("task.run", { taskId });
    await sender.stop();
    await until(async () => (await getTask(db, taskId)).progress.done >= 20_000, 60_000, 20);
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const stopped = await getTask(db, taskId);
    expect(stopped.status).toBe("running");
    expect(stopped.progress.done).toBeLessThan(100_000);
    expect(await db.image.count({ where: { batchId: { in: big.partIds } } })).toBeGreaterThan(0);

    // A new process: its tick finds the task no one holds (the dead one's lease ran out) and finishes it.
    const second = await startWorkerProcess(database.url, storage.root);
    try {
      await until(async () => (await getTask(db, taskId)).status === "succeeded", 120_000, 100);
    } finally {
      second.kill("SIGTERM");
      await new Promise((resolve) => second.once("exit", resolve));
    }
    const done = await getTask(db, taskId);
    expect(done.progress).toMatchObject({ done: 100_000, total: 100_000 });
    expect(done.result).toEqual({ deletedBatches: 3, deletedFiles: 1 });
    expect(await db.image.count({ where: { batchId: { in: big.partIds } } })).toBe(0);
    expect(await db.batch.count({ where: { id: { in: [big.parentId, ...big.partIds] } } })).toBe(0);
    expect(await storage.exists(onlyParent)).toBe(false);
    const bystander = await db.batch.findUniqueOrThrow({ where: { id: other.id } });
    expect([bystander.totalImages, bystander.queuedCount, await db.image.count({ where: { batchId: other.id } })]).toEqual([12, 12, 12]);
  });
});

/** An in-process worker that runs tasks (and would run images, but none of these batches runs). */
async function startTaskWorker(databaseUrl: string, db: PrismaClient, storage: LocalStorage): Promise<RunningWorker> {
  const settings = { concurrency: 2, dispatchWindow: 8, leaseSeconds: 300, maxRuns: 3, retryBaseMs: 50, retryCapMs: 200, tickMs: 500, deadAfterSeconds: 10, taskLeaseSeconds: 5 };
  return startWorker(
    db,
    async () => {
      throw new Error("no images here");
    },
    settings,
    (handlers) => createPgBossEngine({ databaseUrl, handlers, concurrency: settings.concurrency }),
    (jobs) => batchTaskHandlers({ db, jobs, storage, dispatchWindow: settings.dispatchWindow }),
  );
}

function startWorkerProcess(databaseUrl: string, storageDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/task-worker-process.ts"], { env: { ...process.env, DATABASE_URL: databaseUrl, STORAGE_DIR: storageDir }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve(child));
    child.once("exit", (code) => reject(new Error(`worker process exited early (${code})`)));
  });
}
