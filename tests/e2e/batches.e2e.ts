import { expect, test } from "@playwright/test";
import { makePng, startImageServer } from "./helpers/image-server";
import { openNewBatchPage } from "./helpers/new-batch-page";

let images: Awaited<ReturnType<typeof startImageServer>>;
test.beforeAll(async () => {
  images = await startImageServer();
});
test.afterAll(async () => images?.close());

test("drop 20 images → a batch is created and its progress reaches done", async ({ page }) => {
  await openNewBatchPage(page);
  const files = await Promise.all(Array.from({ length: 20 }, async (_, i) => ({ name: `photo-${i + 1}.png`, mimeType: "image/png", buffer: await makePng(i) })));
  await page.getByTestId("dropzone-input").setInputFiles(files);
  await expect(page.getByText("20 images ready")).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Batch name").fill("Twenty photos");
  await page.getByLabel("Template").selectOption({ label: "Offline analyzer (no Gemini call)" });
  await page.screenshot({ path: "test-results/screenshots/new-batch-images.png", fullPage: true });
  await page.getByRole("button", { name: "Create batch" }).click();
  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Twenty photos" })).toBeVisible();
  await expect(page.getByTestId("percent-done")).toHaveText("100%", { timeout: 30_000 });
  await expect(page.getByTestId("count-succeeded")).toHaveText("20");
  await expect(page.getByTestId("image-row")).toHaveCount(20);
  await page.screenshot({ path: "test-results/screenshots/batch-done.png", fullPage: true });

  await page.getByTestId("image-row").first().click();
  const drawer = page.getByRole("dialog", { name: "Image details" });
  await expect(drawer.getByText("perceptualHash", { exact: true })).toBeVisible();
  await expect(drawer.getByRole("img", { name: "photo-1.png" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/image-drawer.png" });
  await drawer.getByRole("button", { name: "Close" }).click();
});

test("a 12,500-row CSV with MAX_BATCH_SIZE=5000 → map columns → three parts of 5000/5000/2500", async ({ page }) => {
  const header = "sku;product title;picture;brand\n";
  const rows = Array.from({ length: 12_500 }, (_, i) => `SKU-${i};Product ${i};${images.url(`/img/${i}.png`)};Brand ${i % 9}`).join("\n");
  await openNewBatchPage(page);
  await page.getByTestId("dropzone-input").setInputFiles({ name: "catalogue.csv", mimeType: "text/csv", buffer: Buffer.from(header + rows) });
  await expect(page.getByRole("heading", { name: "catalogue.csv" })).toBeVisible();
  await expect(page.getByLabel("Image URL column")).toHaveValue("picture");
  await page.getByLabel("Name column").selectOption("product title");
  await page.getByLabel("External id column").selectOption("sku");
  await page.screenshot({ path: "test-results/screenshots/csv-mapping.png", fullPage: true });
  // Pause the parts straight away so the test doesn't analyse 12,500 images.
  await page.getByRole("button", { name: "Create batch" }).click();
  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await page.getByRole("button", { name: "Pause" }).click();
  const parts = page.getByRole("region", { name: "Parts" });
  for (const [n, total] of [[1, "5,000"], [2, "5,000"], [3, "2,500"]] as const) {
    const item = parts.getByRole("listitem").filter({ hasText: `catalogue — Part ${n} of 3` });
    await expect(item).toContainText(`${total} images`);
  }
  await page.screenshot({ path: "test-results/screenshots/csv-parts.png", fullPage: true });
  await page.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page).toHaveURL(/\/batches$/);
});

test("an image that fails is retried from its row and then succeeds", async ({ page, request }) => {
  const response = await request.post("/api/v1/batches", { data: { name: "Retry me", urls: [images.url("/img/1.png"), images.url("/flaky/2.png")] } });
  expect(response.status()).toBe(201);
  const { batches } = await response.json();
  await page.goto(`/batches/${batches[0].id}`);
  await expect(page.getByTestId("count-failed")).toHaveText("1", { timeout: 20_000 });
  await expect(page.getByText("The image URL answered 404 (not found).")).toBeVisible();
  images.heal();
  await page.getByRole("button", { name: "Retry 2.png" }).click();
  await expect(page.getByTestId("count-succeeded")).toHaveText("2", { timeout: 20_000 });
  await expect(page.getByTestId("count-failed")).toHaveText("0");
  await page.screenshot({ path: "test-results/screenshots/retried.png", fullPage: true });
});

test("pause holds a running batch and resume finishes it", async ({ page, request }) => {
  const urls = Array.from({ length: 120 }, (_, i) => images.url(`/slow/${i}.png`));
  const { batches } = await (await request.post("/api/v1/batches", { data: { name: "Slow batch", urls, templateId: "local" } })).json();
  await page.goto(`/batches/${batches[0].id}`);
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByText("paused", { exact: true }).first()).toBeVisible();
  await expect(page.getByTestId("count-processing")).toHaveText("0", { timeout: 20_000 });
  const succeeded = await page.getByTestId("count-succeeded").textContent();
  await page.waitForTimeout(2000);
  await expect(page.getByTestId("count-succeeded")).toHaveText(succeeded!);
  expect(Number(succeeded)).toBeLessThan(120);
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByTestId("percent-done")).toHaveText("100%", { timeout: 60_000 });
  await expect(page.getByTestId("count-succeeded")).toHaveText("120");
});
