import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { seedBuiltInTemplates } from "../../lib/templates/manage-templates";
import { getTask } from "../../lib/tasks/get-task";
import { apiAuthHeaders } from "../helpers/api-auth";
import { copyLargeParent } from "../helpers/copy-images";
import { seedBatch } from "../helpers/seed-batch";
import { exited, startWorkerProcess } from "../helpers/spawn-worker-process";
import { createTestDatabase } from "../helpers/test-database";
import { until } from "../helpers/until";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

// Re-run of a parent far larger than one request can copy: the new batch exists at once with its totals, a job copies
// the images in chunks (kill -9 included) and starts it; each image of the original is copied exactly once.
describe("re-running a very large parent batch", { timeout: 240_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let auth: Record<string, string>;
  let routes: { rerun: Handler; get: Handler };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-large-rerun-"));
  const call = async (handler: Handler, url: string, params: Record<string, string>, init: RequestInit = {}) => {
    const response = await handler(new Request(`http://127.0.0.1/api/v1/${url}`, { ...init, headers: { ...auth, "content-type": "application/json", ...(init.headers ?? {}) } }), { params: Promise.resolve(params) });
    return { status: response.status, location: response.headers.get("location"), body: await response.json() };
  };
  const rerun = (id: string, body: object) => call(routes.rerun, `batches/${id}/rerun`, { id }, { method: "POST", body: JSON.stringify(body) });
  const startJobsFor = async (batchId: string) => Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'batch.start' AND data->>'batchId' = ${batchId}`)[0].n);

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    await seedBuiltInTemplates(db);
    Object.assign(process.env, { DATABASE_URL: database.url, DATA_DIR: dataDir, WORKER: "off" });
    auth = await apiAuthHeaders(database.url, "analyst");
    const rerunRoute = (await import("../../app/api/v1/batches/[id]/rerun/route")) as unknown as { POST: Handler };
    const single = (await import("../../app/api/v1/batches/[id]/route")) as unknown as { GET: Handler };
    routes = { rerun: rerunRoute.POST, get: single.GET };
  });
  afterAll(async () => {
    const { appContext } = await import("../../lib/server/app-context");
    await (await appContext().jobs()).stop();
    await db?.$disconnect();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("a small batch's re-run answers 200 with the new batch, copied and queued to start", async () => {
    const small = await seedBatch(db, { count: 7, name: "Small" });
    const answered = await rerun(small.id, { templateId: "local" });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ parentId: null, batches: [{ name: "Small (re-run)", totalImages: 7 }], task: { kind: "batch.rerun", status: "succeeded" } });
    const copy = await db.batch.findUniqueOrThrow({ where: { id: answered.body.batches[0].id } });
    expect([copy.status, copy.totalImages, copy.queuedCount, copy.model]).toEqual(["queued", 7, 7, "local"]);
    expect(await db.image.count({ where: { batchId: copy.id } })).toBe(7);
    expect(await startJobsFor(copy.id)).toBe(1);
  });

  it("a 250,000-image parent: 202 at once with the new parent and parts (drafts with their totals); kill -9 mid-copy, another process finishes; every image copied once", async () => {
    const big = await copyLargeParent(db, database.url, { parts: 5, perPart: 50_000, name: "Catalogue" });
    const answered = await rerun(big.parentId, { templateId: "local" });
    expect(answered.status).toBe(202);
    expect(answered.location).toBe(`/api/v1/tasks/${answered.body.task.id}`);
    const taskId = answered.body.task.id as string;
    const newParent = answered.body.parentId as string;
    expect(answered.body.task).toMatchObject({ kind: "batch.rerun", target: { type: "batch", id: newParent }, progress: { total: 250_000 } });
    expect(answered.body.batches.map((part: { name: string; totalImages: number }) => [part.name, part.totalImages])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [`Catalogue (re-run) — Part ${n} of 5`, 50_000]),
    );
    // The new batch is there at once, as a draft with its totals: nothing dispatches it before its images are all in.
    const shown = (await call(routes.get, `batches/${newParent}`, { id: newParent })).body;
    expect([shown.status, shown.counts.total, shown.parts.length]).toEqual(["draft", 250_000, 5]);
    const afterRequest = (await getTask(db, taskId)).progress.done;
    expect(afterRequest).toBeLessThan(250_000);

    // A worker process takes the task's job; it is killed -9 between two chunks of the copy.
    const env = { DATABASE_URL: database.url, STORAGE_DIR: path.join(dataDir, "uploads") };
    const first = await startWorkerProcess("tests/helpers/task-worker-process.ts", env);
    await until(async () => (await getTask(db, taskId)).progress.done >= afterRequest + 15_000, 90_000, 10);
    first.kill("SIGKILL");
    await exited(first);
    const stopped = await getTask(db, taskId);
    expect(stopped.status).toBe("running");
    expect(stopped.progress.done).toBeLessThan(250_000);
    expect(await db.batch.findUniqueOrThrow({ where: { id: newParent }, select: { status: true } })).toEqual({ status: "draft" });

    // A new process: its tick finds the task nobody holds (the dead one's lease ran out) and finishes it.
    const second = await startWorkerProcess("tests/helpers/task-worker-process.ts", env);
    try {
      await until(async () => (await getTask(db, taskId)).status === "succeeded", 120_000, 100);
    } finally {
      second.kill("SIGTERM");
      await exited(second);
    }
    const done = await getTask(db, taskId);
    expect(done.progress).toMatchObject({ done: 250_000, total: 250_000 });
    const newPartIds = (answered.body.batches as { id: string }[]).map((part) => part.id);
    // Exactly the original's images: each source row once in the part made from its part, none twice, none missing.
    const perPart = await db.$queryRaw<{ batch_id: string; n: number; distinct_rows: number; min_row: number; max_row: number }[]>`
      SELECT batch_id::text, count(*)::int AS n, count(DISTINCT row_number)::int AS distinct_rows, min(row_number) AS min_row, max(row_number) AS max_row
      FROM images WHERE batch_id = ANY(${newPartIds}::uuid[]) GROUP BY batch_id`;
    expect(perPart.map((row) => [newPartIds.indexOf(row.batch_id), row.n, row.distinct_rows, row.min_row, row.max_row]).sort()).toEqual(
      [0, 1, 2, 3, 4].map((index) => [index, 50_000, 50_000, 1, 50_000]),
    );
    const [mismatched] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM images copy
      JOIN batches part ON part.id = copy.batch_id AND part.parent_batch_id = ${newParent}::uuid
      WHERE NOT EXISTS (SELECT 1 FROM images original JOIN batches source ON source.id = original.batch_id
        WHERE source.parent_batch_id = ${big.parentId}::uuid AND source.sequence = part.sequence AND original.row_number = copy.row_number AND original.source_url = copy.source_url)`;
    expect(mismatched.n).toBe(0);
    const parent = await db.batch.findUniqueOrThrow({ where: { id: newParent } });
    expect([parent.totalImages, parent.kind, parent.totalParts]).toEqual([250_000, "parent", 5]);
    expect(parent.status).not.toBe("draft");
    expect(await startJobsFor(newParent)).toBe(1);
    // The original is untouched.
    expect(await db.image.count({ where: { batchId: { in: big.partIds }, status: "succeeded" } })).toBe(250_000);
  });
});
