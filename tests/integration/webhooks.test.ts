import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelBatch, pauseBatch } from "../../lib/batches/control-batch";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { createBatches } from "../../lib/ingest/create-batches";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import { finalizeBatch } from "../../lib/orchestration/finalize-batch";
import { pauseBatchBecause } from "../../lib/orchestration/pause-batch-because";
import { startWorker, type RunningWorker } from "../../lib/worker/start-worker";
import { apiAuthHeaders } from "../helpers/api-auth";
import { callRoute } from "../helpers/call-route";
import { createTestDatabase } from "../helpers/test-database";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

const BASE = "http://127.0.0.1:3000/api/v1";
const RETRY_BASE_MS = 300;

describe("webhooks: endpoints, Standard Webhooks signing, retries with the same id, the delivery log, redeliver", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let worker: RunningWorker;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let auth: Record<string, string>;
  const api = (method: string, url: string, body?: unknown) =>
    callRoute(new Request(`${BASE}${url}`, { method, headers: { ...auth, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }));
  const runningBatch = async (name: string) => db.batch.create({ data: { name, status: "running", source: "urls" } });
  const bodyOf = (index: number) => JSON.parse(receiver.received[index].body) as { type: string; timestamp: string; data: Record<string, unknown> };

  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(process.env, {
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "loupe-webhooks-")),
      WORKER: "off",
      AUTH_SECRET: "webhook-tests-auth-secret-of-enough-length-0123456789",
      WEBHOOK_ALLOWLIST: "127.0.0.1",
      WEBHOOK_RETRY_BASE_MS: String(RETRY_BASE_MS),
      WEBHOOK_TIMEOUT_MS: "800",
    });
    db = createPrismaClient(database.url, 4);
    auth = await apiAuthHeaders(database.url, "analyst");
    receiver = await startWebhookReceiver();
    const settings = { concurrency: 2, dispatchWindow: 10, leaseSeconds: 60, maxRuns: 3, retryBaseMs: 50, retryCapMs: 200, tickMs: 250, deadAfterSeconds: 10 };
    worker = await startWorker(db, async () => ({ result: {}, cached: false, inputTokens: 0, outputTokens: 0, costMicros: 0, model: "test", templateVersionId: null }), settings, (handlers) =>
      createPgBossEngine({ databaseUrl: database.url, handlers, concurrency: 2 }),
    );
  });
  afterAll(async () => {
    await worker?.stop();
    await receiver?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  let endpoint: { id: string; secret: string };

  it("POST /webhooks {url, events} → 201 with id and a whsec_ secret shown once; refusals say what to fix", async () => {
    const response = await api("POST", "/webhooks", { url: `${receiver.url}/hooks`, events: ["batch.completed", "batch.cancelled", "batch.paused", "parent.completed"] });
    expect(response.status).toBe(201);
    endpoint = await response.json();
    expect(endpoint.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const list = await (await api("GET", "/webhooks")).json();
    expect(list.webhooks.map((w: { id: string }) => w.id)).toEqual([endpoint.id]);
    expect(JSON.stringify(list)).not.toContain(endpoint.secret.slice(6));
    expect(JSON.stringify(await (await api("GET", `/webhooks/${endpoint.id}`)).json())).not.toContain("whsec_");

    const privateUrl = await api("POST", "/webhooks", { url: "http://10.20.30.40/hook", events: ["batch.completed"] });
    expect(privateUrl.status).toBe(400);
    expect((await privateUrl.json()).error).toMatchObject({ code: "webhook_url_refused", message: expect.stringContaining("WEBHOOK_ALLOWLIST") });
    const badEvent = await api("POST", "/webhooks", { url: `${receiver.url}/x`, events: ["batch.exploded"] });
    expect(badEvent.status).toBe(400);
    expect((await badEvent.json()).error.message).toContain("events must name some of batch.completed");
  });

  it("a finished batch is POSTed as {type, timestamp, data} with webhook-id, webhook-timestamp and a signature anyone can check", async () => {
    const batch = await runningBatch("Signed batch");
    await finalizeBatch(db, batch.id);
    const [delivery] = await receiver.waitFor(1);
    const { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature } = delivery.headers as Record<string, string>;
    expect(id).toMatch(/^msg_\w+$/);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
    // The README's check, by hand: HMAC-SHA256 of "{id}.{timestamp}.{body}" under the secret's bytes, base64, after "v1,".
    const key = Buffer.from(endpoint.secret.slice("whsec_".length), "base64");
    expect(signature).toBe(`v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${delivery.body}`).digest("base64")}`);
    expect(new Webhook(endpoint.secret).verify(delivery.body, delivery.headers as Record<string, string>)).toMatchObject({ type: "batch.completed" });
    expect(() => new Webhook(endpoint.secret).verify(delivery.body.replace("Signed", "Forged"), delivery.headers as Record<string, string>)).toThrow();
    const body = bodyOf(0);
    expect(body.type).toBe("batch.completed");
    expect(Date.parse(body.timestamp)).toBeGreaterThan(0);
    expect(body.data).toMatchObject({ batch_id: batch.id, name: "Signed batch", status: "completed", kind: "single", total_images: 0 });
    expect(delivery.headers["content-type"]).toBe("application/json");
  });

  it("non-2xx and no answer are retried with backoff and the same webhook-id; every attempt is in the log", async () => {
    receiver.answer([500, "hang", 503]);
    const start = receiver.received.length;
    const batch = await runningBatch("Flaky endpoint");
    await finalizeBatch(db, batch.id);
    const all = await receiver.waitFor(start + 4, 30_000);
    const attempts = all.slice(start);
    expect(new Set(attempts.map((a) => a.headers["webhook-id"])).size).toBe(1);
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i].at);
    // 500 → base; no answer (timeout 800 ms) → 2 × base after it; 503 → 4 × base.
    expect(gaps[0]).toBeGreaterThanOrEqual(RETRY_BASE_MS * 0.9);
    expect(gaps[2]).toBeGreaterThanOrEqual(RETRY_BASE_MS * 4 * 0.9);

    const deadline = Date.now() + 5000;
    let delivery;
    do {
      const { deliveries } = await (await api("GET", `/webhooks/${endpoint.id}/deliveries`)).json();
      delivery = deliveries.find((d: { payload: { data: { batch_id: string } } }) => d.payload.data.batch_id === batch.id);
    } while (delivery?.status !== "succeeded" && Date.now() < deadline && (await new Promise((r) => setTimeout(r, 100)), true));
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 4, lastStatusCode: 200, eventType: "batch.completed" });
    expect(delivery.log.map((a: { statusCode: number | null }) => a.statusCode)).toEqual([500, null, 503, 200]);
    expect(delivery.log[0].responseExcerpt).toBe("refused with 500");
    expect(delivery.log[1].error).toContain("No answer within 800 ms");
    expect(delivery.log[3].responseExcerpt).toBe("thanks");
  });

  it("redeliver sends the same delivery again (same id and body) and logs it", async () => {
    const { deliveries } = await (await api("GET", `/webhooks/${endpoint.id}/deliveries`)).json();
    const first = deliveries[deliveries.length - 1];
    const before = receiver.received.length;
    const response = await api("POST", `/webhooks/${endpoint.id}/deliveries/${first.id}/redeliver`);
    expect(response.status).toBe(202);
    const again = (await receiver.waitFor(before + 1))[before];
    expect(again.headers["webhook-id"]).toBe(first.id);
    expect(again.body).toBe(JSON.stringify(first.payload));
    expect((await api("POST", `/webhooks/${endpoint.id}/deliveries/msg_unknown/redeliver`)).status).toBe(404);
  });

  it("gives up after a day of failures (status failed, every attempt logged)", async () => {
    receiver.answer(Array(50).fill(500));
    const before = receiver.received.length;
    const batch = await runningBatch("Always refused");
    await finalizeBatch(db, batch.id);
    await receiver.waitFor(before + 1);
    await db.$executeRaw`UPDATE webhook_deliveries SET created_at = now() - interval '25 hours' WHERE payload LIKE ${`%${batch.id}%`}`;
    const deadline = Date.now() + 10_000;
    let row;
    while ((row = await db.webhookDelivery.findFirstOrThrow({ where: { payload: { contains: batch.id } } })).status !== "failed" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(row.status).toBe("failed");
    expect(await db.webhookAttempt.count({ where: { deliveryId: row.id } })).toBe(row.attempts);
    receiver.answer([]);
  });

  it("cancel, pause and a split upload's last part send batch.cancelled, batch.paused and parent.completed; export.ready carries the links", async () => {
    const exportsHook = await (await api("POST", "/webhooks", { url: `${receiver.url}/exports`, events: ["export.ready"] })).json();
    const before = receiver.received.length;
    const cancelled = await runningBatch("To cancel");
    await cancelBatch(db, cancelled.id);
    const paused = await runningBatch("To pause");
    await pauseBatch(db, paused.id);
    // Loupe pausing a batch itself (auto-pause on failures, budget, a model Google does not offer) says why.
    const autoPaused = await runningBatch("Paused by Loupe");
    await pauseBatchBecause(db, autoPaused.id, { code: "failure_rate", message: "More than half of the last images failed." });
    const rows = Array.from({ length: 4 }, (_, i) => ({ rowNumber: i + 1, url: `https://cdn.example.com/${i}.jpg`, name: `${i}` }));
    const split = await createBatches(db, { name: "Split upload", source: "csv", rows, maxBatchSize: 2 });
    for (const part of split.batches) {
      await db.batch.update({ where: { id: part.id }, data: { status: "running", queuedCount: 0, succeededCount: 2 } });
      await finalizeBatch(db, part.id);
    }
    // cancelled, paused twice, two parts completed, the parent completed; export.ready for the parent only (parts are not whole).
    const got = (await receiver.waitFor(before + 7)).slice(before).map((r) => JSON.parse(r.body));
    const types = got.map((b) => `${b.type}:${b.data.batch_id}`);
    expect(types).toEqual(
      expect.arrayContaining([
        `batch.cancelled:${cancelled.id}`,
        `batch.paused:${paused.id}`,
        `batch.paused:${autoPaused.id}`,
        `batch.completed:${split.batches[0].id}`,
        `batch.completed:${split.batches[1].id}`,
        `parent.completed:${split.parentId}`,
        `export.ready:${split.parentId}`,
      ]),
    );
    const ready = got.find((b) => b.type === "export.ready");
    expect(ready.data.exports.csv).toBe(`/api/v1/batches/${split.parentId}/export?format=csv`);
    expect(got.find((b) => b.data.batch_id === paused.id).data).toMatchObject({ status: "paused", pause_code: null });
    expect(got.find((b) => b.data.batch_id === autoPaused.id).data).toMatchObject({ status: "paused", pause_code: "failure_rate", pause_reason: "More than half of the last images failed." });
    await api("DELETE", `/webhooks/${exportsHook.id}`);
  });

  it("a disabled endpoint gets nothing; PATCH changes it; DELETE removes it with its deliveries", async () => {
    const patched = await api("PATCH", `/webhooks/${endpoint.id}`, { enabled: false });
    expect((await patched.json()).enabled).toBe(false);
    const before = await db.webhookDelivery.count();
    await finalizeBatch(db, (await runningBatch("Nobody listens")).id);
    expect(await db.webhookDelivery.count()).toBe(before);
    expect((await api("PATCH", `/webhooks/${endpoint.id}`, { url: "http://192.168.1.1/x" })).status).toBe(400);
    expect((await api("DELETE", `/webhooks/${endpoint.id}`)).status).toBe(200);
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    expect((await api("GET", `/webhooks/${endpoint.id}`)).status).toBe(404);
  });
});
