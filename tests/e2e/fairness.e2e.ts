import { expect, test } from "@playwright/test";
import { startImageServer } from "./helpers/image-server";
import { screenshotsLightAndDark } from "./helpers/screenshots";
import { refusingPort } from "../helpers/refusing-port";

test("a host that refuses every connection: the batch page says so, with how many images wait, and 'Fail them now' ends the wait", async ({ page, request }) => {
  // "localhost" (not 127.0.0.1, which other tests' image servers use) so the breaker this opens stays with this test.
  const port = await refusingPort();
  const urls = Array.from({ length: 60 }, (_, i) => `http://localhost:${port}/photo-${i}.png`);
  const created = await request.post("/api/v1/batches", { data: { name: "Dead host shoot", urls, templateId: "local" } });
  expect(created.status(), await created.text()).toBe(201);
  const batchId = (await created.json()).batches[0].id as string;
  await page.goto(`/batches/${batchId}`);
  const banner = page.getByRole("alert", { name: "Unreachable image hosts" });
  await expect(banner).toBeVisible({ timeout: 60_000 });
  await expect(banner.getByTestId("unreachable-host")).toContainText(/Host localhost unreachable since \d\d:\d\d:\d\d( [AP]M)?, \d+ images waiting/);
  await expect(banner).toContainText("meanwhile its images take no worker slots");
  await screenshotsLightAndDark(page, "fairness-unreachable-host");

  const state = await (await request.get(`/api/v1/batches/${batchId}`)).json();
  expect(state.unreachableHosts[0]).toMatchObject({ host: "localhost", state: "open" });

  // Keep waiting folds the banner away; the batch still waits.
  await banner.getByRole("button", { name: "Keep waiting" }).click();
  await expect(banner).toHaveCount(0);
  await page.reload();
  await page.getByRole("alert", { name: "Unreachable image hosts" }).getByRole("button", { name: "Fail them now" }).click();
  await expect(page.getByText(/\d+ images on localhost failed\./)).toBeVisible();
  await expect(page.getByRole("alert", { name: "Unreachable image hosts" })).toHaveCount(0);
  await expect(page.getByTestId("count-failed")).toHaveText("60", { timeout: 30_000 });
});

test("most images fail: the batch pauses itself and says why; resume continues", async ({ page, request }) => {
  const images = await startImageServer();
  try {
    // 404s (an HTTP answer, not a dead host) fail for good at once: 60 of 70.
    const urls = Array.from({ length: 70 }, (_, i) => (i % 7 === 0 ? images.url(`/img/${900 + i}.png`) : images.url(`/missing/${i}.png`)));
    const created = await request.post("/api/v1/batches", { data: { name: "Wrong paths", urls, templateId: "local" } });
    const batchId = (await created.json()).batches[0].id as string;
    await page.goto(`/batches/${batchId}`);
    const callout = page.getByRole("alert", { name: "Why this batch paused" });
    await expect(callout).toBeVisible({ timeout: 60_000 });
    await expect(callout.getByRole("heading", { name: "Too many images failed" })).toBeVisible();
    await expect(callout.getByTestId("pause-reason")).toContainText(/of the last \d+ finished images failed \(\d+%, more than the 50% AUTO_PAUSE_FAILURE_RATE allows\)/);
    await screenshotsLightAndDark(page, "fairness-auto-paused");
    const state = await (await request.get(`/api/v1/batches/${batchId}`)).json();
    expect(state).toMatchObject({ status: "paused", pause: { code: "failure_rate" } });
    expect(state.pausedReason).toContain("image not found");

    await page.getByRole("button", { name: "Resume" }).click();
    await expect(callout).toHaveCount(0);
    await expect.poll(async () => (await (await request.get(`/api/v1/batches/${batchId}`)).json()).counts.queued, { timeout: 60_000 }).toBeLessThan(70);
  } finally {
    await images.close();
  }
});

test("deleting a large split batch: it leaves the list at once and the list shows the delete's progress to the end", async ({ page, request }) => {
  const tag = `fair${Date.now()}`;
  const rows = Array.from({ length: 150_000 }, (_, i) => `http://localhost:9/${tag}/${i}.png,Item ${i}`).join("\n");
  const upload = await request.post("/api/v1/uploads/csv", { data: Buffer.from(`picture,title\n${rows}`), headers: { "x-file-name": `${tag}.csv`, "content-type": "text/csv" } });
  expect(upload.status()).toBe(201);
  const { uploadId } = await upload.json();
  const created = await request.post("/api/v1/batches", { data: { name: `${tag} archive`, uploadId, mapping: { url: "picture", name: "title", carry: [] }, templateId: "local" } });
  expect(created.status(), await created.text()).toBe(201);
  const { parentId } = await created.json();
  await request.post(`/api/v1/batches/${parentId}/pause`);

  await page.goto(`/batches/${parentId}`);
  await page.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page).toHaveURL(/\/batches\?task=/);
  const progress = page.getByTestId("task-progress");
  await expect(progress).toContainText(`“${tag} archive”`);
  await expect(progress).toContainText(/of 150,000 images removed/);
  await expect(page.getByText(`${tag} archive`, { exact: true })).toHaveCount(0);
  await screenshotsLightAndDark(page, "fairness-delete-progress");
  await expect(progress).toContainText(`Deleted “${tag} archive”.`, { timeout: 120_000 });
  await expect(progress).toContainText("150,000 of 150,000 images removed");
  await screenshotsLightAndDark(page, "fairness-delete-done");
});
