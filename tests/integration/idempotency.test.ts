import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { apiAuthHeaders } from "../helpers/api-auth";
import { callRoute } from "../helpers/call-route";
import { createTestDatabase } from "../helpers/test-database";

const BASE = "http://127.0.0.1:3000/api/v1";

describe("Idempotency-Key on POSTs of /api/v1", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let auth: Record<string, string>;
  const post = (key: string | null, body: unknown, headers: Record<string, string> = auth) =>
    callRoute(
      new Request(`${BASE}/batches`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
        body: JSON.stringify(body),
      }),
    );
  const urls = (n: number, tag: string) => ({ name: tag, templateId: "local", urls: Array.from({ length: n }, (_, i) => `https://cdn.example.com/${tag}/${i}.jpg`) });
  const batchesNamed = (name: string) => db.batch.count({ where: { name } });

  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(process.env, { DATABASE_URL: database.url, DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "loupe-idem-")), WORKER: "off" });
    auth = await apiAuthHeaders(database.url, "analyst");
    db = createPrismaClient(database.url, 2);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("the same key and body answers the first response again and creates nothing", async () => {
    const first = await post("order-1", urls(2, "once"));
    expect(first.status).toBe(201);
    const body = await first.json();
    const again = await post("order-1", urls(2, "once"));
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(body);
    expect(await batchesNamed("once")).toBe(1);
    // Without a key, the same body is a new batch.
    expect((await post(null, urls(2, "once"))).status).toBe(201);
    expect(await batchesNamed("once")).toBe(2);
  });

  it("the same key with another body (or path) is a 409 that says so; nothing created", async () => {
    expect((await post("order-2", urls(1, "first-body"))).status).toBe(201);
    const other = await post("order-2", urls(3, "second-body"));
    expect(other.status).toBe(409);
    const { error } = await other.json();
    expect(error.code).toBe("idempotency_key_reused");
    expect(error.message).toContain("different request");
    expect(await batchesNamed("second-body")).toBe(0);
    const otherPath = await callRoute(new Request(`${BASE}/estimate`, { method: "POST", headers: { ...auth, "idempotency-key": "order-2" } }));
    expect(otherPath.status).not.toBe(201);
  });

  it("parallel duplicates create one batch, and every one of them gets its answer", async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => post("order-3", urls(4, "parallel"))));
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
    const ids = await Promise.all(responses.map(async (r) => (await r.json()).batches[0].id));
    expect(new Set(ids).size).toBe(1);
    expect(await batchesNamed("parallel")).toBe(1);
    expect(responses.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(5);
  });

  it("a multipart upload sent twice (two boundaries) is the same request", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#a33" } }).png().toBuffer();
    const send = () => {
      const form = new FormData();
      form.append("batch_name", "multipart-once");
      form.append("templateId", "local");
      form.append("file", new File([new Uint8Array(png)], "a.png"));
      return callRoute(new Request(`${BASE}/batches`, { method: "POST", headers: { ...auth, "idempotency-key": "upload-1" }, body: form }));
    };
    const first = await send();
    const second = await send();
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await batchesNamed("multipart-once")).toBe(1);

    // The file's bytes are part of the request: another picture under the same key is a 409, and nothing is created.
    const other = new FormData();
    other.append("batch_name", "multipart-once");
    other.append("templateId", "local");
    other.append("file", new File([new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: "#3a3" } }).png().toBuffer())], "a.png"));
    const reused = await callRoute(new Request(`${BASE}/batches`, { method: "POST", headers: { ...auth, "idempotency-key": "upload-1" }, body: other }));
    expect(reused.status).toBe(409);
    expect((await reused.json()).error.code).toBe("idempotency_key_reused");
    expect(await batchesNamed("multipart-once")).toBe(1);
    // The bodies waited in DATA_DIR/tmp while they were answered; none is left there.
    const tmp = path.join(process.env.DATA_DIR!, "tmp");
    expect(existsSync(tmp) ? readdirSync(tmp).filter((name) => name.startsWith("idempotent-")) : []).toEqual([]);
  });

  it("a refusal (4xx) is replayed too; keys are per caller; after 24 h a key may be used again; a bad key is a 400", async () => {
    const bad = await post("order-4", { urls: [] });
    expect(bad.status).toBe(400);
    const replayed = await post("order-4", { urls: [] });
    expect(replayed.status).toBe(400);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");

    const someoneElse = await apiAuthHeaders(database.url, "analyst", ["read", "write"], "other");
    expect((await post("order-1", urls(2, "once"), someoneElse)).headers.get("idempotent-replayed")).toBeNull();

    expect((await post("order-5", urls(1, "day-old"))).status).toBe(201);
    await db.$executeRaw`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'order-5'`;
    const later = await post("order-5", urls(1, "day-old"));
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect(await batchesNamed("day-old")).toBe(2);

    const invalid = await post("a key with spaces", urls(1, "never"));
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.code).toBe("invalid_idempotency_key");
  });
});
