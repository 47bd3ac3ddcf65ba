import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { finalizeBatch } from "../../lib/orchestration/finalize-batch";
import { createWebhook } from "../../lib/webhooks/manage-webhooks";
import { createTestDatabase } from "../helpers/test-database";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

const AUTH_SECRET = "webhook-crash-auth-secret-of-enough-length-0123456789";

describe("webhook deliveries survive kill -9 of the worker and a restart", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const children: ChildProcess[] = [];
  const env = () => ({ ...process.env, DATABASE_URL: database.url, AUTH_SECRET, WEBHOOK_ALLOWLIST: "127.0.0.1", WEBHOOK_TIMEOUT_MS: "1000", WEBHOOK_RETRY_BASE_MS: "200", DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "loupe-whcrash-")) });
  const startWorkerProcess = () =>
    new Promise<ChildProcess>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/worker-process.ts"], { env: env(), stdio: ["ignore", "pipe", "inherit"] });
      children.push(child);
      child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve(child));
      child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
    });
  const finishedBatch = async (name: string) => {
    const batch = await db.batch.create({ data: { name, status: "running", source: "urls" } });
    await finalizeBatch(db, batch.id);
    return batch.id;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url, 2);
    receiver = await startWebhookReceiver();
    await createWebhook(db, AUTH_SECRET, "127.0.0.1", { url: `${receiver.url}/hooks`, events: ["batch.completed"] }, null);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await receiver?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  it("a worker killed mid-POST: another worker sends it again with the same webhook-id once its lease runs out; events recorded while no worker ran are sent when one starts", async () => {
    receiver.answer(["hang"]);
    const first = await startWorkerProcess();
    const batchId = await finishedBatch("Killed mid-post");
    const [hung] = await receiver.waitFor(1, 20_000);
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const stuck = await db.webhookDelivery.findFirstOrThrow({ where: { payload: { contains: batchId } } });
    expect(stuck.status).toBe("delivering");

    // No worker runs now: this event waits in the database.
    const whileDown = await finishedBatch("Finished while no worker ran");
    await startWorkerProcess();
    const received = await receiver.waitFor(3, 30_000);
    const resent = received.slice(1).find((r) => r.headers["webhook-id"] === hung.headers["webhook-id"]);
    expect(resent?.body).toBe(hung.body);
    expect(received.some((r) => r.body.includes(whileDown))).toBe(true);

    const deadline = Date.now() + 10_000;
    while ((await db.webhookDelivery.count({ where: { status: "succeeded" } })) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const rows = await db.webhookDelivery.findMany({ orderBy: { createdAt: "asc" } });
    expect(rows.map((row) => [row.status, row.attempts])).toEqual([
      ["succeeded", 2],
      ["succeeded", 1],
    ]);
    // Each event reached the endpoint once more than it was answered: never a second id for the same event.
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(2);
  }, 90_000);
});
