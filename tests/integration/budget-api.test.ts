import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { buildOpenApi } from "../../lib/http/build-openapi";
import { apiAuthHeaders } from "../helpers/api-auth";
import { createTestDatabase } from "../helpers/test-database";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

// The budget through the HTTP API: budgetUsd on create (JSON and multipart), shown by GET, changed by PATCH (audited), and
// every bad input answered 400/404 with a message that says what to send.

describe("spending caps through /api/v1/batches", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let routes: { create: Handler; get: Handler; patch: Handler };
  let auth: Record<string, string>;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-budget-api-"));
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
  const patch = async (id: string, body: string) => {
    const response = await routes.patch(new Request(`http://127.0.0.1/api/v1/batches/${id}`, { method: "PATCH", headers: { ...auth, "content-type": "application/json" }, body }), { params: Promise.resolve({ id }) });
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    Object.assign(process.env, { DATABASE_URL: database.url, DATA_DIR: dataDir, WORKER: "off", MAX_BATCH_SIZE: "3" });
    auth = await apiAuthHeaders(database.url, "analyst");
    const collection = (await import("../../app/api/v1/batches/route")) as unknown as { POST: Handler };
    const single = (await import("../../app/api/v1/batches/[id]/route")) as unknown as { GET: Handler; PATCH: Handler };
    routes = { create: collection.POST, get: single.GET, patch: single.PATCH };
  });
  afterAll(async () => {
    // The routes started the process's job engine (pg-boss) to queue the batches: stop it before its database goes.
    const { appContext } = await import("../../lib/server/app-context");
    await (await appContext().jobs()).stop();
    await db?.$disconnect();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("budgetUsd on create: the batch's cap; GET shows it with what was spent and why the batch paused", async () => {
    const created = await create({ name: "Capped", urls: urls(2), templateId: "local", budgetUsd: 2.5 });
    expect(created.status).toBe(201);
    const id = created.body.batches[0].id;
    const { status, body } = await get(id);
    expect(status).toBe(200);
    expect(body.budget).toEqual({ capUsd: 2.5, spentUsd: 0, heldUsd: 0, batchSpentUsd: 0, scopeBatchId: id, shared: false });
    expect(body.pause).toBeNull();
    expect(body.dailyBudget).toBeNull();

    await db.batch.update({ where: { id }, data: { status: "paused", pauseCode: "model_not_found", pauseReason: "The model gemini-9 does not exist: choose another in the template, then resume." } });
    expect((await get(id)).body.pause).toEqual({ code: "model_not_found", reason: "The model gemini-9 does not exist: choose another in the template, then resume.", batchId: id });

    const uncapped = await create({ urls: urls(1), templateId: "local" });
    expect((await get(uncapped.body.batches[0].id)).body.budget.capUsd).toBeNull();
  });

  it("a split upload: the cap is the whole upload's, on the parent, and each part shows it as shared", async () => {
    const created = await create({ name: "Split", urls: urls(7), templateId: "local", budgetUsd: 10 });
    expect(created.status).toBe(201);
    expect(created.body.batches).toHaveLength(3);
    const parent = await get(created.body.parentId);
    expect(parent.body.budget).toMatchObject({ capUsd: 10, scopeBatchId: created.body.parentId, shared: false });
    expect(parent.body.parts.map((part: { budget: { capUsd: number; shared: boolean } }) => part.budget)).toEqual(
      Array(3).fill({ capUsd: 10, spentUsd: 0, heldUsd: 0, batchSpentUsd: 0, scopeBatchId: created.body.parentId, shared: true }),
    );
    // Raised through a part: the upload's cap changes, and the audit log names the upload and the part it came through.
    const raised = await patch(created.body.batches[1].id, JSON.stringify({ budgetUsd: 25 }));
    expect(raised.status).toBe(200);
    expect(raised.body.budget).toMatchObject({ capUsd: 25, scopeBatchId: created.body.parentId, shared: true });
    expect((await db.batch.findUniqueOrThrow({ where: { id: created.body.parentId } })).budgetMicros).toBe(25_000_000n);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "batch.budget" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ targetType: "batch", targetId: created.body.parentId, details: { from: 10, to: 25, via: created.body.batches[1].id } });
  });

  it("PATCH raises, lowers and removes the cap", async () => {
    const id = (await create({ urls: urls(1), templateId: "local" })).body.batches[0].id;
    expect((await patch(id, '{"budgetUsd": 0.75}')).body.budget.capUsd).toBe(0.75);
    expect((await patch(id, '{"budgetUsd": 0.000001}')).body.budget.capUsd).toBe(0.000001);
    const removed = await patch(id, '{"budgetUsd": null}');
    expect(removed.status).toBe(200);
    expect(removed.body.budget.capUsd).toBeNull();
    expect(await db.auditLog.count({ where: { action: "batch.budget", targetId: id } })).toBe(3);
  });

  it.each([
    ["a negative amount", '{"budgetUsd": -5}', "invalid_request", "budgetUsd: must be more than $0 (leave it out for no cap)"],
    ["zero", '{"budgetUsd": 0}', "invalid_request", "budgetUsd: must be more than $0 (leave it out for no cap)"],
    ["text", '{"budgetUsd": "five"}', "invalid_request", "budgetUsd: must be an amount of US dollars such as 25 or 2.50"],
    ["too much", '{"budgetUsd": 2000000}', "invalid_request", "budgetUsd: must be at most $1,000,000"],
    ["no budgetUsd", "{}", "invalid_request", "budgetUsd: must be an amount of US dollars such as 25 or 2.50"],
    ["another field", '{"budgetUsd": 5, "name": "x"}', "invalid_request", 'send {"budgetUsd": <US dollars, or null for no cap>}'],
    ["not JSON", "budget=5", "invalid_json", "The request body is not valid JSON."],
  ])("PATCH with %s: 400 and what to send", async (_, body, code, message) => {
    const id = (await create({ urls: urls(1), templateId: "local", budgetUsd: 1 })).body.batches[0].id;
    const response = await patch(id, body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code, message });
    expect((await db.batch.findUniqueOrThrow({ where: { id } })).budgetMicros).toBe(1_000_000n);
  });

  it("PATCH of a batch that does not exist: 404; of an id that is not one: 400", async () => {
    const missing = await patch("00000000-0000-4000-8000-000000000000", '{"budgetUsd": 5}');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: "not_found", message: "That batch was not found." });
    expect((await patch("not-a-batch", '{"budgetUsd": 5}')).status).toBe(400);
  });

  it.each([
    ["a negative amount", -1, "budgetUsd: must be more than $0 (leave it out for no cap)"],
    ["text", "lots", "budgetUsd: must be an amount of US dollars such as 25 or 2.50"],
  ])("create with %s as budgetUsd: 400 naming the field, and nothing is created", async (_, budgetUsd, message) => {
    const before = await db.batch.count();
    const response = await create({ urls: urls(1), templateId: "local", budgetUsd });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: "invalid_request", message });
    expect(await db.batch.count()).toBe(before);
  });

  it("multipart: a budgetUsd field ('$2.50' too); a bad one is refused before any file is stored", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 9, g: 9, b: 9 } } }).png().toBuffer();
    const form = (budget: string) => {
      const body = new FormData();
      body.append("templateId", "local");
      body.append("budgetUsd", budget);
      body.append("images", new File([new Uint8Array(png)], "tile.png", { type: "image/png" }));
      return body;
    };
    const created = await createMultipart(form("$2.50"));
    expect(created.status).toBe(201);
    expect((await db.batch.findUniqueOrThrow({ where: { id: created.body.batches[0].id } })).budgetMicros).toBe(2_500_000n);

    const stored = () => readdirSync(dataDir, { recursive: true }).length;
    const filesBefore = stored();
    const refused = await createMultipart(form("two dollars"));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "invalid_request", message: "budgetUsd: must be an amount of US dollars such as 25 or 2.50" });
    expect(stored()).toBe(filesBefore);
  });

  it("the API document describes budgetUsd on create and the PATCH", () => {
    const document = buildOpenApi() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>> };
    expect(JSON.stringify(document.paths["/batches"].post.requestBody)).toContain("budgetUsd");
    expect(JSON.stringify(document.paths["/batches/{id}"].patch.requestBody)).toContain("budgetUsd");
  });
});
