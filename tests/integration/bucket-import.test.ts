import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImageAnalyzer } from "../../lib/analysis/create-image-analyzer";
import { deleteBatch } from "../../lib/batches/delete-batch";
import { loadConfig } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import { uploadsStorage } from "../../lib/storage";
import { s3Client } from "../../lib/storage/s3-client";
import { startWorker } from "../../lib/worker/start-worker";
import { apiAuthHeaders } from "../helpers/api-auth";
import { callRoute } from "../helpers/call-route";
import { noiseImage, SETTINGS } from "../helpers/fault-setup";
import { startS3Server, type S3TestServer } from "../helpers/s3-server";
import { createTestDatabase } from "../helpers/test-database";

// Batches listed from a bucket prefix on a real S3-speaking server: pagination, image keys only, parts, a sync that adds only
// new keys, images read from the bucket by the worker and shown by the viewer route.
describe("bucket import: POST /api/v1/batches { source: s3://… } and POST /batches/{id}/sync", { timeout: 240_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let s3: S3TestServer;
  let client: S3Client;
  let auth: Record<string, string>;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-bucket-"));
  const api = (method: string, route: string, body?: unknown) =>
    callRoute(new Request(`http://127.0.0.1/api/v1${route}`, { method, headers: { ...auth, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }));
  const put = (bucket: string, key: string, body: Buffer | string) => client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));

  beforeAll(async () => {
    s3 = await startS3Server(["loupe-files", "catalogue"]);
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    Object.assign(process.env, { DATABASE_URL: database.url, DATA_DIR: dataDir, WORKER: "off", MAX_BATCH_SIZE: "400", ...s3.env("loupe-files", "prod") });
    client = s3Client({ endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true });
    auth = await apiAuthHeaders(database.url, "analyst");
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
    await s3?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("lists a prefix past one page into parts: image keys only, each an s3:// row named after its file", async () => {
    const keys = Array.from({ length: 1050 }, (_, i) => `big/${String(i).padStart(4, "0")}.jpg`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((key) => put("catalogue", key, "x")));
    await put("catalogue", "big/readme.txt", "not an image");
    await put("catalogue", "big/folder/", "");
    await put("catalogue", "bigger/outside.jpg", "another prefix");

    const response = await api("POST", "/batches", { source: "s3://catalogue/big/", templateId: "local" });
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created.batches.map((b: { totalImages: number }) => b.totalImages)).toEqual([400, 400, 250]);
    const parent = await db.batch.findUniqueOrThrow({ where: { id: created.parentId } });
    expect(parent).toMatchObject({ source: "bucket", sourceUri: "s3://catalogue/big/", name: "catalogue/big", totalImages: 1050 });
    expect(parent.listedAt).toBeInstanceOf(Date);
    const first = await db.image.findFirstOrThrow({ where: { batchId: created.batches[0].id }, orderBy: { rowNumber: "asc" } });
    expect(first).toMatchObject({ sourceUrl: "s3://catalogue/big/0000.jpg", name: "0000.jpg", externalId: "big/0000.jpg", rowNumber: 1 });
    expect(await db.image.count({ where: { sourceUrl: { in: ["s3://catalogue/big/readme.txt", "s3://catalogue/bigger/outside.jpg"] } } })).toBe(0);

    // A sync with nothing new adds nothing; two new keys (one sorting first) go to the last part,
    // numbered after the upload's last row.
    expect(await (await api("POST", `/batches/${created.parentId}/sync`)).json()).toEqual({ batchId: created.parentId, listed: 1050, added: 0 });
    await put("catalogue", "big/0000-a-new-first.png", "x");
    await put("catalogue", "big/zzz.webp", "x");
    expect(await (await api("POST", `/batches/${created.batches[1].id}/sync`)).json()).toEqual({ batchId: created.parentId, listed: 1052, added: 2 });
    const last = await db.batch.findUniqueOrThrow({ where: { id: created.batches[2].id } });
    expect(last).toMatchObject({ totalImages: 252, queuedCount: 252 });
    const added = await db.image.findMany({ where: { batchId: last.id, rowNumber: { gt: 1050 } }, orderBy: { rowNumber: "asc" }, select: { sourceUrl: true, rowNumber: true } });
    expect(added).toEqual([
      { sourceUrl: "s3://catalogue/big/0000-a-new-first.png", rowNumber: 1051 },
      { sourceUrl: "s3://catalogue/big/zzz.webp", rowNumber: 1052 },
    ]);
    await deleteBatch(db, uploadsStorage(loadConfig()), created.parentId); // not analysed here: its objects are not images
  });

  it("refuses clearly: a bad source, a missing bucket, an empty prefix, a sync of a batch that is not from a bucket", async () => {
    const bad = await api("POST", "/batches", { source: "s3://Not_A_Bucket/x", templateId: "local" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: "invalid_source" });
    const missing = await api("POST", "/batches", { source: "s3://no-such-bucket/", templateId: "local" });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatchObject({ code: "bucket_not_found" });
    const empty = await api("POST", "/batches", { source: "s3://catalogue/nothing-here/", templateId: "local" });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.code).toBe("bucket_no_images");
    const urls = await (await api("POST", "/batches", { urls: ["https://cdn.example.com/a.jpg"], templateId: "local" })).json();
    const notBucket = await api("POST", `/batches/${urls.batches[0].id}/sync`);
    expect(notBucket.status).toBe(400);
    expect((await notBucket.json()).error.code).toBe("not_a_bucket_batch");
    await deleteBatch(db, uploadsStorage(loadConfig()), urls.batches[0].id);
  });

  it("the worker reads each image from the bucket, the viewer streams it, and a sync of a finished batch runs the new ones", async () => {
    const photos = await Promise.all([11, 12, 13].map((seed) => noiseImage(48 + seed)));
    await Promise.all(photos.map((bytes, i) => put("catalogue", `shop/p${i}.png`, bytes)));
    const config = loadConfig();
    const worker = await startWorker(db, createImageAnalyzer(config, db), SETTINGS, (handlers) => createPgBossEngine({ databaseUrl: database.url, handlers, concurrency: SETTINGS.concurrency }));
    try {
      const created = await (await api("POST", "/batches", { source: "s3://catalogue/shop/", name: "Shop photos", templateId: "local" })).json();
      const batchId = created.batches[0].id;
      await expect.poll(async () => (await db.batch.findUniqueOrThrow({ where: { id: batchId } })).status, { timeout: 90_000 }).toBe("completed");
      const images = await db.image.findMany({ where: { batchId }, orderBy: { rowNumber: "asc" } });
      expect(images.map((image) => image.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
      // Not copied into Loupe's storage: the viewer reads the object from its bucket.
      expect(await uploadsStorage(config).exists(images[0].sha256!)).toBe(false);
      const file = await api("GET", `/images/${images[0].id}/file`);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe("image/png");
      expect(Buffer.from(await file.arrayBuffer()).equals(photos[0])).toBe(true);

      await put("catalogue", "shop/p3.png", await noiseImage(70));
      expect(await (await api("POST", `/batches/${batchId}/sync`)).json()).toMatchObject({ listed: 4, added: 1 });
      // The counters and the finished status are two statements: wait for both.
      await expect
        .poll(async () => (({ succeededCount, status }) => ({ succeededCount, status }))(await db.batch.findUniqueOrThrow({ where: { id: batchId } })), { timeout: 90_000 })
        .toEqual({ succeededCount: 4, status: "completed" });
    } finally {
      await worker.stop();
    }
  });
});
