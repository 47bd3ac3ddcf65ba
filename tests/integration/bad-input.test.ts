import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../lib/db/generated/client";
import { BAD_INPUTS, type BadInput, type CorpusContext, type CorpusRequest, type RouteName } from "../corpus/bad-inputs";
import { apiAuthHeaders } from "../helpers/api-auth";
import { createTestDatabase } from "../helpers/test-database";

// Every corpus entry goes through the real route handler, in-process, against a real PostgreSQL. Whatever it is, the
// answer is a 4xx with { error: { code, message } } and a message for a person, or a 2xx with the text kept verbatim;
// never a 500, never a crash; and what was stored before is still there afterwards.
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = { GET?: Handler; POST?: Handler };

// Each route module, loaded after the environment is set (their handlers differ only in their params type).
const load = (module: Promise<unknown>) => module as Promise<RouteModule>;
const ROUTE_MODULES: Record<RouteName, () => Promise<RouteModule>> = {
  "uploads/csv": () => load(import("../../app/api/v1/uploads/csv/route")),
  "uploads/images": () => load(import("../../app/api/v1/uploads/images/route")),
  batches: () => load(import("../../app/api/v1/batches/route")),
  "batches/[id]": () => load(import("../../app/api/v1/batches/[id]/route")),
  "batches/[id]/images": () => load(import("../../app/api/v1/batches/[id]/images/route")),
  "batches/[id]/export": () => load(import("../../app/api/v1/batches/[id]/export/route")),
  "batches/[id]/retry-failed": () => load(import("../../app/api/v1/batches/[id]/retry-failed/route")),
  estimate: () => load(import("../../app/api/v1/estimate/route")),
  templates: () => load(import("../../app/api/v1/templates/route")),
  "templates/try": () => load(import("../../app/api/v1/templates/try/route")),
  "images/[id]/review": () => load(import("../../app/api/v1/images/[id]/review/route")),
  review: () => load(import("../../app/api/v1/review/route")),
  "uploads/[id]/report": () => load(import("../../app/api/v1/uploads/[id]/report/route")),
};

const STACK_OR_INTERNALS = /\n\s+at |prisma|SQLSTATE|TypeError|ReferenceError|undefined|\[object Object\]/i;

describe("bad-input corpus through the real API routes", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-bad-input-"));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  const routes = {} as Record<RouteName, RouteModule>;
  let context: CorpusContext;
  let baseline: { batches: number; images: number; templates: number; imageResult: string; storedSha: string };

  async function call(request: CorpusRequest) {
    const method = request.method ?? "POST";
    const handler = routes[request.route][method];
    if (!handler) throw new Error(`${request.route} has no ${method}`);
    const headers = { ...(await apiAuthHeaders(database.url, "admin")), ...request.headers };
    const url = `http://127.0.0.1/api/v1/${request.url ?? request.route}`;
    const response = await handler(new Request(url, { method, body: request.body, headers }), { params: Promise.resolve(request.params ?? {}) });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* a file (export, report) */
    }
    return { status: response.status, json: json as Record<string, unknown> | null, text };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    // The routes read the configuration from the environment once: set it before they load. No Gemini keys, no worker.
    Object.assign(process.env, { DATABASE_URL: database.url, DATA_DIR: dataDir, WORKER: "off", MAX_UPLOAD_MB: "1", MAX_CSV_MB: "2" });
    for (const [name, load] of Object.entries(ROUTE_MODULES)) routes[name as RouteName] = await load();
    db = (await import("../../lib/db/client")).getDb();

    // What exists before every case and must survive each one.
    const created = await call({ route: "batches", body: JSON.stringify({ name: "Baseline", urls: ["https://example.com/1.jpg", "https://example.com/2.jpg"] }) });
    expect(created.status).toBe(201);
    const batchId = (created.json as { batches: { id: string }[] }).batches[0].id;
    const image = await db.image.findFirstOrThrow({ where: { batchId } });
    await db.image.update({ where: { id: image.id }, data: { status: "succeeded", result: { caption: "a kept result" } } });
    const upload = await call({ route: "uploads/images", body: (await import("node:fs")).readFileSync(path.join(import.meta.dirname, "../corpus/images/valid.png")), headers: { "x-file-name": "kept.png" } });
    expect(upload.status).toBe(201);
    const template = await call({ route: "templates", body: JSON.stringify({ name: "Baseline template", instructions: "Describe.", fields: [{ name: "caption", type: "string" }] }) });
    expect(template.status).toBe(201);
    context = {
      batchId,
      imageId: image.id.toString(),
      uploadCsv: async (bytes) => {
        const stored = await call({ route: "uploads/csv", body: bytes, headers: { "x-file-name": "step.csv" } });
        expect(stored.status, stored.text).toBe(201);
        return (stored.json as { uploadId: string }).uploadId;
      },
    };
    baseline = {
      batches: await db.batch.count(),
      images: await db.image.count(),
      templates: await db.analysisTemplate.count(),
      imageResult: JSON.stringify((await db.image.findUniqueOrThrow({ where: { id: image.id } })).result),
      storedSha: (upload.json as { sha256: string }).sha256,
    };
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    // Nothing stored before was lost or changed (counts only grow; the baseline rows and file are intact).
    expect(await db.batch.count()).toBeGreaterThanOrEqual(baseline.batches);
    expect(await db.image.count()).toBeGreaterThanOrEqual(baseline.images);
    expect(await db.analysisTemplate.count()).toBeGreaterThanOrEqual(baseline.templates);
    const kept = await db.image.findMany({ where: { batchId: context.batchId }, orderBy: { rowNumber: "asc" }, select: { sourceUrl: true, result: true } });
    expect(kept.map((i) => i.sourceUrl)).toEqual(["https://example.com/1.jpg", "https://example.com/2.jpg"]);
    expect(JSON.stringify(kept.find((i) => i.result)?.result)).toBe(baseline.imageResult);
    const { uploadsStorage } = await import("../../lib/storage");
    expect(await uploadsStorage(dataDir).exists(baseline.storedSha)).toBe(true);
  });

  it("has at least 60 entries, each with a unique name", () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(BAD_INPUTS.map((entry) => entry.id)).size).toBe(BAD_INPUTS.length);
  });

  it.each(BAD_INPUTS.map((entry) => [entry.id, entry] as [string, BadInput]))("%s", async (_id, entry) => {
    const response = await call(await entry.request(context));
    expect(response.status, response.text.slice(0, 500)).toBeLessThan(500);
    if (entry.expect === "reject") {
      expect(response.status, response.text.slice(0, 500)).toBeGreaterThanOrEqual(400);
      const error = (response.json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      expect(typeof error?.code, response.text.slice(0, 500)).toBe("string");
      if (entry.code) expect(error?.code, String(error?.message)).toBe(entry.code);
      expect(typeof error?.message).toBe("string");
      const message = String(error?.message);
      expect(message.length).toBeGreaterThanOrEqual(12);
      expect(message).not.toMatch(STACK_OR_INTERNALS);
      return;
    }
    expect(response.status, response.text.slice(0, 500)).toBeGreaterThanOrEqual(200);
    expect(response.status).toBeLessThan(300);
    for (const value of entry.verbatim ?? []) expect(await storedTexts(db, response.json), `verbatim ${JSON.stringify(value)}`).toContain(value);
  });
});

/** Every text Loupe kept from an accepted request: what the answer carries and, for created batches, their rows. */
async function storedTexts(db: PrismaClient, answer: Record<string, unknown> | null): Promise<string[]> {
  const texts: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") texts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(answer);
  const batchIds = ((answer?.batches as { id: string }[] | undefined) ?? []).map((b) => b.id);
  if (batchIds.length) {
    for (const batch of await db.batch.findMany({ where: { id: { in: batchIds } }, select: { name: true } })) texts.push(batch.name);
    for (const image of await db.image.findMany({ where: { batchId: { in: batchIds } }, select: { name: true, sourceUrl: true } })) texts.push(image.name ?? "", image.sourceUrl ?? "");
  }
  if (typeof answer?.id === "string" && answer.versions) {
    const template = await db.analysisTemplate.findUnique({ where: { id: answer.id }, select: { name: true, description: true } });
    texts.push(template?.name ?? "", template?.description ?? "");
  }
  return texts;
}
