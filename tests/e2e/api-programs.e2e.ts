import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createLoupeClient } from "../../clients/typescript";
import { startWebhookReceiver } from "../helpers/webhook-receiver";
import { makePng, startImageServer } from "./helpers/image-server";
import { screenshotsLightAndDark } from "./helpers/screenshots";


async function mintToken(request: APIRequestContext) {
  const response = await request.post("/api/v1/tokens", { data: { name: `programs-${Date.now()}`, scopes: ["read", "write"], expiresInDays: 1 } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { token: { token: string } }).token.token;
}

async function localBatch(request: APIRequestContext, name: string, count: number) {
  const stored = await Promise.all(Array.from({ length: count }, async (_, i) => (await request.post("/api/v1/uploads/images", { data: await makePng(40 + i), headers: { "x-file-name": `${name}-${i}.png`, "content-type": "image/png" } })).json()));
  return (await (await request.post("/api/v1/batches", { data: { name, templateId: "local", images: stored } })).json()) as { batches: { id: string }[] };
}

function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/loupe.ts", "analyze", ...args], { env: { ...process.env, ...env, LOUPE_POLL_MS: "300" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

test("Webhooks page: add an endpoint (secret shown once), a finished batch is delivered signed, the log shows it, redeliver sends it again", async ({ page, request }) => {
  const receiver = await startWebhookReceiver();
  try {
    await page.goto("/settings/webhooks");
    await expect(page.getByRole("heading", { name: "Webhooks" })).toBeVisible();
    await page.getByLabel("Endpoint URL").fill(`${receiver.url}/hooks`);
    await page.getByLabel("Description").fill("e2e receiver");
    await page.getByRole("button", { name: "Add webhook" }).click();
    const secret = (await page.getByTestId("webhook-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await expect(page.getByTestId("webhook-row")).toContainText(`${receiver.url}/hooks`);
    await expect(page.getByTestId("webhook-row")).toContainText("batch.completed, parent.completed");
    await screenshotsLightAndDark(page, "webhooks-created");
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByTestId("webhook-secret")).toHaveCount(0);

    const created = await localBatch(request, "Webhook e2e", 2);
    const [delivery] = await receiver.waitFor(1, 45_000);
    const body = JSON.parse(delivery.body);
    expect(body).toMatchObject({ type: "batch.completed", data: { batch_id: created.batches[0].id, status: "completed" } });
    const headers = delivery.headers as Record<string, string>;
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    expect(headers["webhook-signature"]).toBe(`v1,${createHmac("sha256", key).update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${delivery.body}`).digest("base64")}`);

    await page.getByRole("button", { name: "Deliveries" }).click();
    const row = page.getByTestId("delivery-row").first();
    await expect(row).toContainText("succeeded");
    await expect(row).toContainText("batch.completed");
    await expect(row.getByTestId("delivery-attempt")).toHaveCount(1);
    await expect(row.getByTestId("delivery-attempt").first()).toContainText("200");
    await row.getByRole("button", { name: "Redeliver" }).click();
    const again = (await receiver.waitFor(2, 20_000))[1];
    expect(again.headers["webhook-id"]).toBe(headers["webhook-id"]);
    await expect(row.getByTestId("delivery-attempt")).toHaveCount(2, { timeout: 15_000 });
    await screenshotsLightAndDark(page, "webhooks-deliveries");
    await page.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText("No webhooks yet.")).toBeVisible();
  } finally {
    await receiver.close();
  }
});

test("the typed client against the running server: seed calls, Idempotency-Key, analyze/upload", async ({ request, baseURL: url }) => {
  const loupe = createLoupeClient(url!, await mintToken(request));
  const me = await loupe.GET("/me");
  expect(me.response.status).toBe(200);
  const body = { name: "Typed client", templateId: "local", urls: ["http://127.0.0.1:9/a.jpg"] };
  const first = await loupe.POST("/batches", { body: body as never, params: { header: { "Idempotency-Key": "typed-client-1" } } });
  const second = await loupe.POST("/batches", { body: body as never, params: { header: { "Idempotency-Key": "typed-client-1" } } });
  expect(first.response.status).toBe(201);
  expect(second.response.headers.get("idempotent-replayed")).toBe("true");
  expect(second.data!.batches[0].id).toBe(first.data!.batches[0].id);
  const status = await loupe.GET("/batches/{id}/status", { params: { path: { id: first.data!.batches[0].id } } });
  expect(status.data!.name).toBe("Typed client");
  expect(status.data!.counts.total).toBe(1);
  const form = new FormData();
  form.append("image", new Blob([new Uint8Array(await makePng(7))], { type: "image/png" }), "photo.png");
  form.append("confidence_threshold", "high");
  form.append("max_objects", "20");
  const analyzed = await loupe.POST("/analyze/upload", { body: form as never, bodySerializer: (value: unknown) => value as FormData });
  expect(analyzed.response.status).toBe(200);
  expect(analyzed.data!.template?.name).toBe("Object detection");
  expect(analyzed.data!.image_metadata).toMatchObject({ width: 221, height: 160, format: "png" });
  expect(analyzed.data!.detected_objects.every((o) => o.confidence >= 0.75)).toBe(true);
  const refused = await loupe.POST("/analyze/url", { body: { image_url: "http://10.9.8.7/a.jpg" } as never });
  expect(refused.response.status).toBe(400);
  expect((refused.error as { error: { code: string } }).error.code).toBe("image_url_refused");
});

test("npm run loupe -- analyze: uploads, shows progress with images/min and ETA, writes the export, exits 1 when images failed", async ({ request, baseURL: url }) => {
  const env = { LOUPE_URL: url!, LOUPE_TOKEN: await mintToken(request) };
  const dir = mkdtempSync(path.join(os.tmpdir(), "loupe-cli-"));
  for (const i of [1, 2, 3]) writeFileSync(path.join(dir, `photo-${i}.png`), await makePng(60 + i));
  const out = path.join(dir, "results.csv");
  const ok = await runCli([dir, "--template", "local", "--out", out, "--wait"], env);
  expect(ok.stderr).toMatch(/\d+\/3 images · [\d.]+ images\/min · (ETA|done)/);
  expect(ok.stdout).toContain("completed: 3 succeeded, 0 failed");
  expect(ok.code).toBe(0);
  const lines = readFileSync(out, "utf8").trim().split("\r\n");
  expect(lines).toHaveLength(4);
  expect(lines[0]).toContain("image_id,name,source");

  const images = await startImageServer();
  try {
    const csv = path.join(dir, "urls.csv");
    writeFileSync(csv, ["image_url", images.url("/img/1.png"), images.url("/img/2.png"), images.url("/missing/3.png")].join("\n"));
    const jsonl = path.join(dir, "results.jsonl");
    const failed = await runCli([csv, "--template", "local", "--out", jsonl, "--name", "CLI with a missing image"], env);
    expect(failed.stdout).toContain("2 succeeded, 1 failed");
    expect(failed.code).toBe(1);
    const rows = readFileSync(jsonl, "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(rows.map((row) => row.status).sort()).toEqual(["failed", "succeeded", "succeeded"]);
  } finally {
    await images.close();
  }

  const usage = await runCli([dir, "--template", "No such template"], env);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain('No template is called "No such template"');
});
