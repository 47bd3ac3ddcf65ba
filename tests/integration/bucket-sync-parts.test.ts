import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { s3Client } from "../../lib/storage/s3-client";
import { apiAuthHeaders } from "../helpers/api-auth";
import { callRoute } from "../helpers/call-route";
import { startS3Server, type S3TestServer } from "../helpers/s3-server";
import { exited } from "../helpers/spawn-worker-process";
import { createTestDatabase } from "../helpers/test-database";

// A sync whose new keys do not fit under MAX_BATCH_SIZE: the last part is filled, then new parts follow ("Part N of M" on
// every part), a single batch becomes a parent, nothing is listed twice, and a sync killed with -9 leaves nothing behind.
describe("bucket sync past MAX_BATCH_SIZE", { timeout: 240_000 }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let s3: S3TestServer;
  let client: S3Client;
  let auth: Record<string, string>;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-bucket-sync-"));
  const api = async (method: string, route: string, body?: unknown) => {
    const response = await callRoute(new Request(`http://127.0.0.1/api/v1${route}`, { method, headers: { ...auth, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }));
    return { status: response.status, body: await response.json() };
  };
  const putKeys = async (keys: string[]) => {
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((key) => client.send(new PutObjectCommand({ Bucket: "catalogue", Key: key, Body: "x" }))));
  };
  const keys = (prefix: string, from: number, count: number) => Array.from({ length: count }, (_, i) => `${prefix}/${String(from + i).padStart(5, "0")}.jpg`);
  const layout = async (parentId: string) => {
    const parts = await db.batch.findMany({ where: { parentBatchId: parentId }, orderBy: { sequence: "asc" }, select: { id: true, name: true, sequence: true, totalParts: true, totalImages: true, queuedCount: true } });
    const counted = await Promise.all(parts.map((part) => db.image.count({ where: { batchId: part.id } })));
    return parts.map((part, index) => ({ ...part, counted: counted[index] }));
  };
  const duplicates = async (ids: string[]) => {
    const rows = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (SELECT source_url FROM images WHERE batch_id = ANY(${ids}::uuid[]) GROUP BY source_url HAVING count(*) > 1) d`;
    return rows[0].n;
  };

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

  it("fills the last part up to MAX_BATCH_SIZE, then new parts, renaming every part 'Part N of M'", async () => {
    await putKeys(keys("parts", 0, 1050));
    const created = await api("POST", "/batches", { source: "s3://catalogue/parts/", templateId: "local" });
    expect(created.status).toBe(201);
    const parentId: string = created.body.parentId;

    await putKeys([...keys("parts", 1050, 690), "parts/00000-first.png"]);
    expect((await api("POST", `/batches/${parentId}/sync`)).body).toEqual({ batchId: parentId, listed: 1741, added: 691 });
    const parts = await layout(parentId);
    expect(parts.map((part) => [part.totalImages, part.counted, part.queuedCount])).toEqual([
      [400, 400, 400],
      [400, 400, 400],
      [400, 400, 400],
      [400, 400, 400],
      [141, 141, 141],
    ]);
    expect(parts.map((part) => part.name)).toEqual([1, 2, 3, 4, 5].map((n) => `catalogue/parts — Part ${n} of 5`));
    expect(parts.every((part) => part.totalParts === 5)).toBe(true);
    expect(await db.batch.findUniqueOrThrow({ where: { id: parentId } })).toMatchObject({ totalParts: 5, totalImages: 1741 });
    expect(await duplicates(parts.map((part) => part.id))).toBe(0);
    // Row numbers go on from the import's last row, in S3's key order, across the new parts.
    const rowNumbers = await db.image.findMany({ where: { batchId: { in: parts.map((part) => part.id) } }, select: { rowNumber: true } });
    expect(new Set(rowNumbers.map((row) => row.rowNumber)).size).toBe(1741);
    expect(await db.image.findFirstOrThrow({ where: { sourceUrl: "s3://catalogue/parts/00000-first.png" } })).toMatchObject({ rowNumber: 1051, batchId: parts[2].id });

    // Nothing new: nothing added, the parts stay as they are.
    expect((await api("POST", `/batches/${parts[4].id}/sync`)).body).toEqual({ batchId: parentId, listed: 1741, added: 0 });
    expect((await layout(parentId)).length).toBe(5);
  });

  it("a single batch that outgrows MAX_BATCH_SIZE becomes Part 1 of a new parent that keeps its name and cap", async () => {
    await putKeys(keys("single", 0, 300));
    const created = await api("POST", "/batches", { source: "s3://catalogue/single/", templateId: "local", name: "Spring shoot", budgetUsd: 5 });
    expect(created.status).toBe(201);
    expect(created.body.parentId).toBeNull();
    const singleId: string = created.body.batches[0].id;

    await putKeys(keys("single", 300, 550));
    const synced = await api("POST", `/batches/${singleId}/sync`);
    expect(synced.body).toMatchObject({ listed: 850, added: 550 });
    const parentId: string = synced.body.batchId;
    expect(parentId).not.toBe(singleId);
    expect(await db.batch.findUniqueOrThrow({ where: { id: parentId } })).toMatchObject({ kind: "parent", name: "Spring shoot", totalParts: 3, totalImages: 850, source: "bucket", sourceUri: "s3://catalogue/single/", budgetMicros: 5_000_000n });
    const parts = await layout(parentId);
    expect(parts.map((part) => [part.id === singleId, part.name, part.totalImages, part.counted])).toEqual([
      [true, "Spring shoot — Part 1 of 3", 400, 400],
      [false, "Spring shoot — Part 2 of 3", 400, 400],
      [false, "Spring shoot — Part 3 of 3", 50, 50],
    ]);
    expect((await db.batch.findUniqueOrThrow({ where: { id: singleId } })).budgetMicros).toBeNull();
    expect(await duplicates(parts.map((part) => part.id))).toBe(0);
    // Synced again through the old id (now a part) or the parent: the same batch, nothing new.
    expect((await api("POST", `/batches/${singleId}/sync`)).body).toEqual({ batchId: parentId, listed: 850, added: 0 });
  });

  it("a sync killed with -9 mid-listing adds nothing; the next sync adds every new key once", async () => {
    await putKeys(keys("killed", 0, 350));
    const created = await api("POST", "/batches", { source: "s3://catalogue/killed/", templateId: "local" });
    const batchId: string = created.body.batches[0].id;
    await putKeys(keys("killed", 350, 2650));

    const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/sync-bucket-process.ts"], { env: { ...process.env, BATCH_ID: batchId }, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    // Killed while its listing is being copied into the temporary table (the transaction is open, keys half in).
    await expect
      .poll(async () => (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY listed_keys%' AND state = 'active'`)[0].n, { timeout: 60_000, interval: 5 })
      .toBe(1);
    child.kill("SIGKILL");
    expect(await exited(child)).toBe("SIGKILL");
    expect(output).not.toContain("synced");

    const untouched = await db.batch.findUniqueOrThrow({ where: { id: batchId } });
    expect(untouched).toMatchObject({ kind: "single", totalImages: 350 });
    expect(await db.image.count({ where: { batchId } })).toBe(350);
    expect(await db.batch.count({ where: { sourceUri: "s3://catalogue/killed/" } })).toBe(1);

    const synced = await api("POST", `/batches/${batchId}/sync`);
    expect(synced.body).toMatchObject({ listed: 3000, added: 2650 });
    const parts = await layout(synced.body.batchId);
    expect(parts.map((part) => part.counted)).toEqual([400, 400, 400, 400, 400, 400, 400, 200]);
    expect(parts.map((part) => part.totalImages)).toEqual([400, 400, 400, 400, 400, 400, 400, 200]);
    expect(await duplicates(parts.map((part) => part.id))).toBe(0);
  });
});
