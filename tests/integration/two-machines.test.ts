import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import { apiAuthHeaders } from "../helpers/api-auth";
import { noiseImage } from "../helpers/fault-setup";
import { startLoupeServer, type LoupeServer } from "../helpers/loupe-server";
import { startS3Server, type S3TestServer } from "../helpers/s3-server";
import { createTestDatabase } from "../helpers/test-database";

// Two Loupe machines (real servers, each its own DATA_DIR) on one PostgreSQL and one bucket: A takes uploads and runs no
// worker; B's worker analyses them; B exports them; A shows them. Neither needs the other's disk.
describe("two machines sharing PostgreSQL and S3 storage", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let s3: S3TestServer;
  let a: LoupeServer;
  let b: LoupeServer;
  let auth: Record<string, string>;
  const dirs = { a: mkdtempSync(path.join(os.tmpdir(), "loupe-machine-a-")), b: mkdtempSync(path.join(os.tmpdir(), "loupe-machine-b-")) };
  const port = 3526 + 40 + Math.floor(Math.random() * 200);

  beforeAll(async () => {
    s3 = await startS3Server(["loupe-shared"]);
    database = await createTestDatabase();
    auth = await apiAuthHeaders(database.url, "analyst");
    const shared = { DATABASE_URL: database.url, AUTH_SECRET: randomBytes(32).toString("hex"), ...s3.env("loupe-shared", "team") };
    // One at a time: the first start builds the app if its sources changed; the second reuses the build.
    a = await startLoupeServer(port, { ...shared, DATA_DIR: dirs.a, WORKER: "off" });
    b = await startLoupeServer(port + 1, { ...shared, DATA_DIR: dirs.b, WORKER: "on", WORKER_TICK_MS: "500" });
  }, 600_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await database?.drop();
    await s3?.stop();
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("images uploaded through A are analysed by B's worker, exported by B and shown by A", async () => {
    const photos = await Promise.all([30, 31, 32].map((side) => noiseImage(side)));
    const stored = [];
    for (const [index, bytes] of photos.entries()) {
      const response = await fetch(`${a.url}/api/v1/uploads/images`, { method: "POST", headers: { ...auth, "x-file-name": `photo-${index}.png` }, body: new Uint8Array(bytes) });
      expect(response.status, await response.clone().text()).toBe(201);
      stored.push(await response.json());
    }
    const created = await fetch(`${a.url}/api/v1/batches`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ name: "Shared", templateId: "local", images: stored }) });
    expect(created.status).toBe(201);
    const batchId = (await created.json()).batches[0].id;

    await expect
      .poll(async () => (await (await fetch(`${a.url}/api/v1/batches/${batchId}`, { headers: auth })).json()).status, { timeout: 60_000, interval: 500 })
      .toBe("completed");
    // Only B runs a worker (A has WORKER=off): one worker process is registered on the shared database.
    const db = createPrismaClient(database.url, 1);
    try {
      expect(await db.worker.count()).toBe(1);
    } finally {
      await db.$disconnect();
    }

    const exported = await fetch(`${b.url}/api/v1/batches/${batchId}/export?format=csv`, { headers: auth });
    expect(exported.status).toBe(200);
    const csv = await exported.text();
    for (const index of [0, 1, 2]) expect(csv).toContain(`photo-${index}.png`);
    expect(csv.split("\r\n").filter((line) => line.includes("succeeded"))).toHaveLength(3);

    const images = await (await fetch(`${a.url}/api/v1/batches/${batchId}/images`, { headers: auth })).json();
    for (const image of images.images) {
      const file = await fetch(`${a.url}/api/v1/images/${image.id}/file`, { headers: auth });
      expect(file.status).toBe(200);
      const bytes = Buffer.from(await file.arrayBuffer());
      expect(photos.some((photo) => photo.equals(bytes))).toBe(true);
    }
    // Nothing was kept on either machine's disk: the bucket holds the files.
    expect(existsSync(path.join(dirs.a, "uploads"))).toBe(false);
    expect(existsSync(path.join(dirs.b, "uploads"))).toBe(false);
  });

  it("a CSV uploaded to A becomes batches created through B, and B serves its validation report", async () => {
    const csv = ["sku,image_url", "A1,https://cdn.example.com/a.jpg", "A2,not a url", "A3,https://cdn.example.com/c.jpg"].join("\n");
    const upload = await fetch(`${a.url}/api/v1/uploads/csv`, { method: "POST", headers: { ...auth, "x-file-name": "products.csv" }, body: csv });
    expect(upload.status).toBe(201);
    const { uploadId, suggestedMapping } = await upload.json();
    const created = await fetch(`${b.url}/api/v1/batches`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ uploadId, mapping: suggestedMapping, templateId: "local" }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({ rows: 3, rejected: 1 });
    expect(body.batches[0]).toMatchObject({ name: "products", totalImages: 2 });
    const report = await fetch(`${a.url}/api/v1/uploads/${uploadId}/report`, { headers: auth });
    expect(report.status).toBe(200);
    expect(await report.text()).toContain("not a url");
    expect(existsSync(path.join(dirs.a, "csv", `${uploadId}.csv`))).toBe(false);
  });
});
