import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadImageBytes } from "../../lib/analysis/load-image-bytes";
import { getBatchProgress } from "../../lib/batches/get-batch-progress";
import { loadConfig } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { HOST_BREAKER_FAILURES } from "../../lib/hosts/host-breaker";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import type { ImageAnalyzer } from "../../lib/orchestration/process-image";
import { uploadsStorage } from "../../lib/storage";
import { startWorker, type RunningWorker } from "../../lib/worker/start-worker";
import { apiAuthHeaders } from "../helpers/api-auth";
import { startFaultImageHost, type FaultImageHost } from "../helpers/fault-image-host";
import { createTestDatabase } from "../helpers/test-database";
import { refusingPort } from "../helpers/refusing-port";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function until(check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The real URL fetch (loadImageBytes with the breaker and per-host slots) in front of a fake analysis: what is measured
// is which hosts get connections, and what the batch and the API show.
describe("the host breaker", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let worker: RunningWorker;
  let host: FaultImageHost;
  let auth: Record<string, string>;
  let routes: { get: Handler; fail: Handler };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-breaker-"));
  const config = loadConfig({ DATA_DIR: dataDir, FETCH_ALLOWLIST: "127.0.0.1,localhost,::1", FETCH_TIMEOUT_MS: "1000", FETCH_PER_HOST_CONCURRENCY: "8" });
  const settings = { concurrency: 8, dispatchWindow: 32, leaseSeconds: 300, maxRuns: 3, retryBaseMs: 20, retryCapMs: 50, tickMs: 300, deadAfterSeconds: 5 };
  const call = async (handler: Handler, url: string, params: Record<string, string>, init: RequestInit = {}) => {
    const response = await handler(new Request(`http://127.0.0.1/api/v1/${url}`, { ...init, headers: { ...auth, "content-type": "application/json" } }), { params: Promise.resolve(params) });
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    Object.assign(process.env, { DATABASE_URL: database.url, DATA_DIR: dataDir, WORKER: "off", FETCH_ALLOWLIST: "127.0.0.1,localhost,::1" });
    auth = await apiAuthHeaders(database.url, "analyst");
    routes = {
      get: ((await import("../../app/api/v1/batches/[id]/route")) as unknown as { GET: Handler }).GET,
      fail: ((await import("../../app/api/v1/batches/[id]/unreachable-hosts/fail/route")) as unknown as { POST: Handler }).POST,
    };
    host = await startFaultImageHost(await sharp({ create: { width: 8, height: 8, channels: 3, background: "#08f" } }).png().toBuffer());
    const storage = uploadsStorage(dataDir);
    const analyze: ImageAnalyzer = async (image, { onAttempt, signal }) => {
      await loadImageBytes(image, config, storage, onAttempt, signal, db);
      return { result: { caption: "ok" }, cached: false, inputTokens: 1, outputTokens: 1, costMicros: 1, model: "test", templateVersionId: null };
    };
    worker = await startWorker(db, analyze, settings, (handlers) => createPgBossEngine({ databaseUrl: database.url, handlers, concurrency: settings.concurrency }));
  });
  afterAll(async () => {
    await worker?.stop();
    const { appContext } = await import("../../lib/server/app-context");
    await (await appContext().jobs()).stop();
    await host?.close();
    await db?.$disconnect();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const seed = async (name: string, urls: string[]) => {
    const batch = await db.batch.create({ data: { name, status: "queued", source: "urls", totalImages: urls.length, queuedCount: urls.length } });
    await db.$executeRaw`INSERT INTO images (batch_id, row_number, name, source_url) SELECT ${batch.id}::uuid, n, 'image-' || n, url FROM unnest(${urls}::text[]) WITH ORDINALITY AS t(url, n)`;
    await worker.jobs.enqueue("batch.start", { batchId: batch.id });
    return batch;
  };

  it("a host that refuses: after 20 failures in a row its images stop taking slots; the batch shows it, the other host's images finish, and 'fail them now' ends the wait", async () => {
    const port = await refusingPort();
    const refused = Array.from({ length: 150 }, (_, i) => `http://localhost:${port}/photo-${i}.png`);
    const fine = Array.from({ length: 10 }, (_, i) => `${host.url}/ok/fine-${i}.png`);
    const batch = await seed("Refusing host", [...refused.slice(0, 75), ...fine, ...refused.slice(75)]);

    await until(async () => (await db.hostBreaker.findUnique({ where: { host: "localhost" } }))?.state === "open");
    await until(async () => (await db.image.count({ where: { batchId: batch.id, status: "processing" } })) === 0 && (await db.image.count({ where: { batchId: batch.id, sourceUrl: { startsWith: host.url }, status: "succeeded" } })) === 10);
    const attemptsThen = await db.imageAttempt.count({ where: { image: { batchId: batch.id }, errorCode: "image_unreachable" } });
    // Failures counted until the breaker opened, plus at most the fetches already running then.
    expect(attemptsThen).toBeGreaterThanOrEqual(HOST_BREAKER_FAILURES);
    expect(attemptsThen).toBeLessThan(HOST_BREAKER_FAILURES + 2 * settings.concurrency);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await db.imageAttempt.count({ where: { image: { batchId: batch.id }, errorCode: "image_unreachable" } })).toBe(attemptsThen);
    // Waiting, not failing: no run used, no slot held.
    expect(await db.image.count({ where: { batchId: batch.id, status: "queued", dispatchedAt: { not: null } } })).toBe(0);

    const shown = await call(routes.get, `batches/${batch.id}`, { id: batch.id });
    expect(shown.body.unreachableHosts).toHaveLength(1);
    expect(shown.body.unreachableHosts[0]).toMatchObject({ host: "localhost", state: "open", waitingAtLeast: false });
    expect(shown.body.unreachableHosts[0].waiting).toBeGreaterThan(100);
    expect(shown.body.unreachableHosts[0].lastError).toMatch(/ECONNREFUSED/);
    expect(Date.parse(shown.body.unreachableHosts[0].retryAt) - Date.parse(shown.body.unreachableHosts[0].since)).toBe(60_000);
    expect((await getBatchProgress(db, batch.id)).status).toBe("running");

    const failed = await call(routes.fail, `batches/${batch.id}/unreachable-hosts/fail`, { id: batch.id }, { method: "POST", body: JSON.stringify({ host: "LocalHost" }) });
    expect(failed.status).toBe(200);
    expect(failed.body.failed).toBe(shown.body.unreachableHosts[0].waiting);
    const done = await getBatchProgress(db, batch.id);
    expect(done.status).toBe("completed_with_errors");
    expect(done.counts).toMatchObject({ succeeded: 10, failed: 150, queued: 0, processing: 0 });
    expect((await call(routes.get, `batches/${batch.id}`, { id: batch.id })).body.unreachableHosts).toEqual([]);
  });

  it("a host that accepts and never answers: 20 timeouts open it, no more connections go there; after the cool-down one probe decides, and a failed probe doubles the cool-down", async () => {
    const stalls = Array.from({ length: 80 }, (_, i) => `${host.url}/stall/slow-${i}.png`);
    const hits = () => [...host.hits].filter(([url]) => url.startsWith("/stall/")).reduce((sum, [, n]) => sum + n, 0);
    const batch = await seed("Hanging host", stalls);
    await until(async () => (await db.hostBreaker.findUnique({ where: { host: "127.0.0.1" } }))?.state === "open");
    await until(async () => (await db.image.count({ where: { batchId: batch.id, status: "processing" } })) === 0);
    const connections = hits();
    expect(connections).toBeGreaterThanOrEqual(HOST_BREAKER_FAILURES);
    expect(connections).toBeLessThan(HOST_BREAKER_FAILURES + 2 * settings.concurrency);
    await new Promise((r) => setTimeout(r, 1500));
    expect(hits()).toBe(connections);

    // The cool-down is over: exactly one fetch probes the host; it times out, and the breaker opens for twice as long.
    await db.hostBreaker.update({ where: { host: "127.0.0.1" }, data: { blockedUntil: new Date(Date.now() - 1) } });
    await until(async () => (await db.hostBreaker.findUnique({ where: { host: "127.0.0.1" } }))?.cooldownSeconds === 120);
    await new Promise((r) => setTimeout(r, 1500));
    expect(hits()).toBe(connections + 1);
    const breaker = await db.hostBreaker.findUniqueOrThrow({ where: { host: "127.0.0.1" } });
    expect(breaker.state).toBe("open");
    expect(breaker.blockedUntil!.getTime() - Date.now()).toBeGreaterThan(100_000);
    await db.hostBreaker.deleteMany();
    await db.$executeRaw`UPDATE batches SET status = 'cancelled' WHERE id = ${batch.id}::uuid`;
  });
});
