import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { createJobRow, updateJob } from "../../lib/execution/gemini-batch/remote-jobs";
import { buildOpenApi } from "../../lib/http/build-openapi";
import { seedBuiltInTemplates } from "../../lib/templates/manage-templates";
import { apiAuthHeaders } from "../helpers/api-auth";
import { createTestDatabase } from "../helpers/test-database";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

// Batch API mode through the HTTP API: `mode` on create (JSON and multipart; a bad one is a 400 naming it), what auto resolves
// to (the estimate says the same), and GET showing mode, engine and the remote jobs with Google's states and Loupe's next step.
// No worker and no engine run here: the remote jobs are the rows the engine would write.

describe("Batch API mode through /api/v1/batches", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let routes: { create: Handler; get: Handler; estimate: Handler };
  let auth: Record<string, string>;
  let templateId: string;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-batch-mode-api-"));
  const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://cdn.example.com/${i}.jpg`);

  const create = async (body: unknown) => {
    const response = await routes.create(new Request("http://127.0.0.1/api/v1/batches", { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });
    return { status: response.status, body: await response.json() };
  };
  const createMultipart = async (form: FormData) => {
    const response = await routes.create(new Request("http://127.0.0.1/api/v1/batches", { method: "POST", headers: auth, body: form }), { params: Promise.resolve({}) });
    return { status: response.status, body: await response.json() };
  };
  const get = async (id: string) => {
    const response = await routes.get(new Request(`http://127.0.0.1/api/v1/batches/${id}`, { headers: auth }), { params: Promise.resolve({ id }) });
    return { status: response.status, body: await response.json() };
  };
  const estimate = async (images: number) => {
    const response = await routes.estimate(new Request(`http://127.0.0.1/api/v1/estimate?images=${images}&templateId=${templateId}`, { headers: auth }), { params: Promise.resolve({}) });
    return response.json();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    await seedBuiltInTemplates(db);
    templateId = (await db.analysisTemplate.findFirstOrThrow({ where: { builtIn: true }, orderBy: { name: "asc" } })).id;
    // One project at one request a minute: auto finds 1 image quick enough (1 min) and 5 too slow (5 min > 1).
    Object.assign(process.env, {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      WORKER: "off",
      MAX_BATCH_SIZE: "3",
      GEMINI_API_KEYS: "p1:AIzaBatchModeApiKey00000000000000000",
      GEMINI_BASE_URL: "http://127.0.0.1:9",
      GEMINI_RPM: "1",
      GEMINI_AUTO_BATCH_MINUTES: "1",
    });
    auth = await apiAuthHeaders(database.url, "analyst");
    const collection = (await import("../../app/api/v1/batches/route")) as unknown as { POST: Handler };
    const single = (await import("../../app/api/v1/batches/[id]/route")) as unknown as { GET: Handler };
    const estimateRoute = (await import("../../app/api/v1/estimate/route")) as unknown as { GET: Handler };
    routes = { create: collection.POST, get: single.GET, estimate: estimateRoute.GET };
  });
  afterAll(async () => {
    const { appContext } = await import("../../lib/server/app-context");
    await (await appContext().jobs()).stop();
    await db?.$disconnect();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('"mode": "batch" in JSON: GET shows mode and engine batch, and the remote jobs with Google\'s state, counts and what Loupe does next', async () => {
    const created = await create({ name: "Half price", urls: urls(2), templateId, mode: "batch" });
    expect(created.status).toBe(201);
    const id = created.body.batches[0].id;
    const before = await get(id);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ mode: "batch", engine: "batch", remoteJobs: [] });

    // What the engine writes as a job goes: one at Google and running, a newer one still being prepared.
    const running = await createJobRow(db, { batchId: id, projectId: "p1", keyId: "k1", model: "gemini-2.5-flash" });
    const deadline = new Date(Date.now() + 24 * 3_600_000);
    await updateJob(db, running.id, null, { phase: "running", remoteName: "batches/abc123", remoteState: "BATCH_STATE_RUNNING", counts: { requestCount: 2, succeeded: 1, failed: 0, pending: 1 }, deadlineAt: deadline, submitted: true });
    const preparing = await createJobRow(db, { batchId: id, projectId: "p1", keyId: "k1", model: "gemini-2.5-flash" });

    const { body } = await get(id);
    expect(body.remoteJobs).toEqual([
      expect.objectContaining({ name: null, displayName: preparing.displayName, state: "preparing", phase: "preparing", requestCount: 0, next: "writing the requests", lastError: null, deadlineAt: null }),
      {
        name: "batches/abc123",
        displayName: running.displayName,
        state: "BATCH_STATE_RUNNING",
        phase: "running",
        requestCount: 2,
        succeeded: 1,
        failed: 0,
        pending: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        deadlineAt: deadline.toISOString(),
        next: `waiting for Google; falls back to interactive calls at ${deadline.toISOString()} if not done`,
        lastError: null,
      },
    ]);
    expect(Date.parse(body.remoteJobs[1].updatedAt)).toBeGreaterThanOrEqual(Date.parse(body.remoteJobs[1].createdAt));

    // A job that failed at Google says so, and that its images went on without it.
    await updateJob(db, running.id, null, { phase: "failed", remoteState: "BATCH_STATE_FAILED", lastError: "Google's batch job failed: internal error" });
    const failed = (await get(id)).body.remoteJobs[1];
    expect(failed).toMatchObject({ state: "BATCH_STATE_FAILED", phase: "failed", lastError: "Google's batch job failed: internal error" });
    expect(failed.next).toBe("gave up: Google's batch job failed: internal error; its images went on without it");
  });

  it("interactive, left out (GEMINI_DEFAULT_MODE) and the offline analyzer: engine interactive and no remote jobs", async () => {
    const interactive = await create({ urls: urls(1), templateId, mode: "interactive" });
    expect((await get(interactive.body.batches[0].id)).body).toMatchObject({ mode: "interactive", engine: "interactive", remoteJobs: [] });
    const leftOut = await create({ urls: urls(1), templateId });
    expect((await get(leftOut.body.batches[0].id)).body).toMatchObject({ mode: "interactive", engine: "interactive" });
    // The local analyzer has no Batch API: asked for it, the batch still runs here.
    const offline = await create({ urls: urls(1), templateId: "local", mode: "batch" });
    expect((await get(offline.body.batches[0].id)).body).toMatchObject({ mode: "batch", engine: "interactive", remoteJobs: [] });
  });

  it("auto: the Batch API when interactive calls would take longer than GEMINI_AUTO_BATCH_MINUTES; the estimate says so first", async () => {
    expect(await estimate(1)).toMatchObject({ autoChooses: "interactive", autoReason: "quick_enough", autoBatchMinutes: 1, minutes: 1 });
    const slow = await estimate(5);
    expect(slow).toMatchObject({ autoChooses: "batch", autoReason: "too_long", minutes: 5, batchApi: { available: true, jobs: 1, rounds: 1, deadlineHours: 24, fallback: "interactive" } });
    expect(slow.batchCostUsd).toBeCloseTo(slow.costUsd / 2, 10);

    const quick = await create({ urls: urls(1), templateId, mode: "auto" });
    expect((await get(quick.body.batches[0].id)).body).toMatchObject({ mode: "auto", engine: "interactive" });
    const long = await create({ urls: urls(2), templateId, mode: "auto" });
    expect((await get(long.body.batches[0].id)).body).toMatchObject({ mode: "auto", engine: "batch", remoteJobs: [] });
  });

  it("an enhance template is priced per variant: one image-model call each, billed at the image-output price, each a request of the quota", async () => {
    const { loadConfig } = await import("../../lib/config");
    const { saveTemplate } = await import("../../lib/templates/save-template");
    const config = loadConfig();
    const enhance = await saveTemplate(db, { kind: "enhance", name: "On white ×3", instructions: "The product alone on a pure white background.", variants: 3 }, { createdById: null, choice: { models: config.models, defaultModel: config.GEMINI_MODEL } });
    const response = await routes.estimate(new Request(`http://127.0.0.1/api/v1/estimate?images=1000&templateId=${enhance.id}`, { headers: auth }), { params: Promise.resolve({}) });
    const figures = await response.json();
    // 2.5 Flash Image (GEMINI-API.md §5): 1,290 output tokens at $30 per million (≈ $0.039) per image, half through the Batch API.
    expect(figures).toMatchObject({ model: "gemini-2.5-flash-image", variantsPerImage: 3, outputTokensPerImage: 3 * 1290, thoughtsTokensPerImage: 0 });
    const inputCost = (figures.inputTokensPerImage * 1000 * 0.3) / 1_000_000;
    expect(figures.costUsd).toBeCloseTo((3 * 1000 * 1290 * 30) / 1_000_000 + inputCost, 2); // each call rounded to a micro-dollar
    expect(figures.batchCostUsd).toBeCloseTo(figures.costUsd / 2, 2);
    // One project at 1 request a minute: three variants make a product take three minutes.
    expect(figures.minutes).toBeCloseTo(3000, 6);
  });

  it("a split upload on the Batch API: every part runs on it, and the parent lists every part's remote jobs", async () => {
    const created = await create({ name: "Split", urls: urls(7), templateId, mode: "batch" });
    expect(created.status).toBe(201);
    expect(created.body.batches).toHaveLength(3);
    const jobs = [];
    for (const part of created.body.batches) jobs.push(await createJobRow(db, { batchId: part.id, projectId: "p1", keyId: "k1", model: "gemini-2.5-flash" }));
    const parent = (await get(created.body.parentId)).body;
    expect(parent).toMatchObject({ mode: "batch", engine: "batch" });
    expect(parent.parts.map((part: { engine: string }) => part.engine)).toEqual(["batch", "batch", "batch"]);
    expect(parent.remoteJobs.map((job: { displayName: string }) => job.displayName)).toEqual(jobs.map((job) => job.displayName).reverse());
    // A part lists its own only.
    expect((await get(created.body.batches[1].id)).body.remoteJobs.map((job: { displayName: string }) => job.displayName)).toEqual([jobs[1].displayName]);
  });

  it.each([
    ["a word it does not know", "fast"],
    ["the wrong case", "Batch"],
    ["a number", 2],
  ])("JSON with %s as mode: 400 naming mode and the modes there are, and nothing is created", async (_, mode) => {
    const before = await db.batch.count();
    const response = await create({ urls: urls(1), templateId, mode });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_request");
    expect(response.body.error.message).toMatch(/^mode.*"interactive", "batch" .*or "auto"/);
    expect(await db.batch.count()).toBe(before);
  });

  it("multipart: -F mode=batch; a bad mode is refused before any file is stored", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 90, g: 9, b: 9 } } }).png().toBuffer();
    const form = (mode: string) => {
      const body = new FormData();
      body.append("templateId", templateId);
      body.append("mode", mode);
      body.append("images", new File([new Uint8Array(png)], "tile.png", { type: "image/png" }));
      return body;
    };
    const created = await createMultipart(form("batch"));
    expect(created.status).toBe(201);
    expect((await get(created.body.batches[0].id)).body).toMatchObject({ mode: "batch", engine: "batch" });
    const auto = await createMultipart(form("auto"));
    expect((await get(auto.body.batches[0].id)).body).toMatchObject({ mode: "auto", engine: "interactive" });

    const stored = () => readdirSync(dataDir, { recursive: true }).length;
    const filesBefore = stored();
    const refused = await createMultipart(form("overnight"));
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("invalid_request");
    expect(refused.body.error.message).toMatch(/^mode.*"interactive", "batch" .*or "auto"/);
    expect(stored()).toBe(filesBefore);
  });

  it("the API document describes mode on create, mode/engine/remoteJobs on GET and both estimates", () => {
    const document = buildOpenApi() as { paths: Record<string, Record<string, { description?: string; requestBody?: unknown }>> };
    expect(JSON.stringify(document.paths["/batches"].post.requestBody)).toContain('"mode"');
    expect(document.paths["/batches"].post.description).toContain("-F mode=batch");
    for (const field of ["`mode`", "`engine`", "`remoteJobs`", "BATCH_STATE_RUNNING", "deadlineAt", "next"]) expect(document.paths["/batches/{id}"].get.description).toContain(field);
    for (const field of ["batchCostUsd", "batchApi", "autoChooses", "autoReason"]) expect(document.paths["/estimate"].get.description).toContain(field);
  });
});
