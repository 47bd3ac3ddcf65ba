import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { apiAuthHeaders } from "../helpers/api-auth";
import { callRoute } from "../helpers/call-route";
import { createTestDatabase } from "../helpers/test-database";

const BASE = "http://127.0.0.1:3000/api/v1";

describe("seed 000's calls as its curl lines write them", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let auth: Record<string, string>;
  let created: { parentId: string; batches: { id: string; name: string }[] };
  const get = (url: string) => callRoute(new Request(`${BASE}${url}`, { headers: auth }));
  const json = async (url: string) => {
    const response = await get(url);
    expect(response.status, url).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(process.env, { DATABASE_URL: database.url, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "loupe-seed000-")), WORKER: "off", MAX_BATCH_SIZE: "3" });
    auth = await apiAuthHeaders(database.url, "analyst");
    db = createPrismaClient(database.url, 2);
    // curl -X POST /api/v1/batches -F "file=@urls.csv" -F "batch_name=My Batch"
    const csv = ["image_url,sku", ...Array.from({ length: 7 }, (_, i) => `https://cdn.example.com/${i}.jpg,SKU-${i}`)].join("\n");
    const form = new FormData();
    form.append("file", new File([csv], "urls.csv", { type: "text/csv" }));
    form.append("batch_name", "My Batch");
    form.append("templateId", "local");
    const response = await callRoute(new Request(`${BASE}/batches`, { method: "POST", headers: auth, body: form }));
    expect(response.status).toBe(201);
    created = await response.json();
    expect(created.batches.map((b) => b.name)).toEqual(["My Batch — Part 1 of 3", "My Batch — Part 2 of 3", "My Batch — Part 3 of 3"]);
    // The first part's images finish: two succeeded (one approved by a reviewer), one failed.
    const images = await db.image.findMany({ where: { batchId: created.batches[0].id }, orderBy: { id: "asc" } });
    const finished = new Date("2026-03-01T10:00:00Z");
    await db.image.update({ where: { id: images[0].id }, data: { status: "succeeded", result: { caption: "a red shoe", score: 0.9 }, finishedAt: finished, reviewStatus: "approved" } });
    await db.image.update({ where: { id: images[1].id }, data: { status: "succeeded", result: { caption: "a blue shoe", score: 0.7 }, finishedAt: new Date("2026-03-02T10:00:00Z") } });
    await db.image.update({ where: { id: images[2].id }, data: { status: "failed", lastErrorCode: "image_not_found", lastErrorMessage: "404", finishedAt: finished } });
    await db.batch.update({ where: { id: created.batches[0].id }, data: { status: "completed_with_errors", queuedCount: 0, succeededCount: 2, failedCount: 1 } });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("GET /batches/{batch_id}/status answers what GET /batches/{id} answers", async () => {
    const part = created.batches[0].id;
    const seed = await json(`/batches/${part}/status`);
    const own = await json(`/batches/${part}`);
    expect(seed.id).toBe(part);
    expect({ ...seed, etaSeconds: null, imagesPerMinute: null }).toEqual({ ...own, etaSeconds: null, imagesPerMinute: null });
    expect(seed.counts).toMatchObject({ total: 3, succeeded: 2, failed: 1 });
    expect((await get(`/batches/not-a-uuid/status`)).status).toBe(400);
    expect((await get(`/batches/00000000-0000-4000-8000-000000000000/status`)).status).toBe(404);
  });

  it("GET /batches/related/{batch_id} answers what GET /batches/{id}/related answers", async () => {
    const part = created.batches[1].id;
    const seed = await json(`/batches/related/${part}`);
    expect(seed).toEqual(await json(`/batches/${part}/related`));
    expect(seed.parent.id).toBe(created.parentId);
    expect(seed.parts.map((p: { name: string }) => p.name)).toEqual(created.batches.map((b) => b.name));
  });

  it("GET /batches/parent/{parent_batch_id}/status sums the parts", async () => {
    const status = await json(`/batches/parent/${created.parentId}/status`);
    expect(status.counts).toMatchObject({ total: 7, succeeded: 2, failed: 1 });
    expect(status.parts).toHaveLength(3);
  });

  it("GET /batch-data/export?format=csv with parent_batch_id and status: every matching row, with its batch", async () => {
    const response = await get(`/batch-data/export?format=csv&parent_batch_id=${created.parentId}&status=succeeded`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="loupe-results-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (await response.text()).trim().split("\r\n");
    const header = lines[0].split(",");
    expect(header.slice(0, 3)).toEqual(["image_id", "batch_id", "batch_name"]);
    expect(header).toEqual(expect.arrayContaining(["caption", "score", "status", "review_status"]));
    expect(lines).toHaveLength(3);
    const caption = header.indexOf("caption");
    expect(lines.slice(1).map((line) => line.split(",")[caption])).toEqual(["a red shoe", "a blue shoe"]);
    expect(lines.slice(1).every((line) => line.includes(`${created.batches[0].id},My Batch — Part 1 of 3`))).toBe(true);
  });

  it("json, jsonl and xlsx; review_status, since and batch_id filter; everything without filters", async () => {
    const approved = await json(`/batch-data/export?format=json&review_status=approved`);
    expect(approved.map((row: { caption: string }) => row.caption)).toEqual(["a red shoe"]);
    const since = await json(`/batch-data/export?format=json&since=2026-03-02&batch_id=${created.batches[0].id}`);
    expect(since.map((row: { caption: string }) => row.caption)).toEqual(["a blue shoe"]);
    const everything = await (await get(`/batch-data/export?format=jsonl`)).text();
    const rows = everything.trim().split("\n").map((line) => JSON.parse(line));
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((row) => row.batch_id))).toEqual(new Set(created.batches.map((b) => b.id)));
    const xlsx = await get(`/batch-data/export?format=xlsx&batch_id=${created.parentId}`);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
  });

  it("bad filters are 400s that say what to fix", async () => {
    for (const [query, words] of [
      ["format=pdf", "format must be csv, json, jsonl or xlsx"],
      ["format=csv&since=yesterday", "since must be a date"],
      ["format=csv&batch_id=12", "batch_id is not a valid batch id"],
      ["format=csv&status=done", "status"],
    ]) {
      const response = await get(`/batch-data/export?${query}`);
      expect(response.status, query).toBe(400);
      expect((await response.json()).error.message).toContain(words);
    }
    expect((await get(`/batch-data/export?format=csv&parent_batch_id=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it("DELETE /batches/{batch_id} deletes the batch with its images; its status is then a 404", async () => {
    const last = created.batches[2].id;
    const response = await callRoute(new Request(`${BASE}/batches/${last}`, { method: "DELETE", headers: auth }));
    expect(response.status).toBe(200);
    expect((await get(`/batches/${last}/status`)).status).toBe(404);
    expect(await db.image.count({ where: { batchId: last } })).toBe(0);
  });
});
