import { expect, test } from "@playwright/test";
import { makePng, startImageServer } from "./helpers/image-server";
import { openNewBatchPage } from "./helpers/new-batch-page";

let images: Awaited<ReturnType<typeof startImageServer>>;
test.beforeAll(async () => {
  images = await startImageServer();
});
test.afterAll(async () => images?.close());

test("retry all failed, only one error code: the 404s are retried and succeed, the unreachable host stays failed", async ({ page, request }) => {
  const urls = [images.url("/img/1.png"), images.url("/flaky/2.png"), images.url("/flaky/3.png"), "http://127.0.0.1:1/gone.png"];
  const response = await request.post("/api/v1/batches", { data: { name: "Retry them all", urls, templateId: "local" } });
  expect(response.status()).toBe(201);
  const { batches } = await response.json();
  await page.goto(`/batches/${batches[0].id}`);
  await expect(page.getByTestId("count-failed")).toHaveText("3", { timeout: 30_000 });

  // The table filters by error code on the server.
  await page.getByRole("combobox", { name: "Error", exact: true }).selectOption("image_not_found");
  await expect(page.getByTestId("image-row")).toHaveCount(2);
  await page.getByRole("combobox", { name: "Error", exact: true }).selectOption("");
  await expect(page.getByTestId("image-row")).toHaveCount(4);

  images.heal();
  await page.getByLabel("Only this error").selectOption("image_not_found");
  await page.getByRole("button", { name: "Retry all failed" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "2 images queued again." })).toBeVisible();
  await expect(page.getByTestId("count-succeeded")).toHaveText("3", { timeout: 30_000 });
  await expect(page.getByTestId("count-failed")).toHaveText("1");
  await page.screenshot({ path: "test-results/screenshots/retry-all-failed.png", fullPage: true });
});

test("the batches list searches by name, filters by status and shows a parent's parts under it", async ({ page, request }) => {
  test.setTimeout(90_000);
  const tag = `zebra${Date.now()}`;
  // 5,001 rows with MAX_BATCH_SIZE=5000 → a parent with two parts; cancelled at once so it costs the server nothing.
  const rows = Array.from({ length: 5001 }, (_, i) => `${images.url(`/img/${i}.png`)},Item ${i}`).join("\n");
  const upload = await request.post("/api/v1/uploads/csv", { data: Buffer.from(`picture,title\n${rows}`), headers: { "x-file-name": `${tag}.csv`, "content-type": "text/csv" } });
  expect(upload.status()).toBe(201);
  const { uploadId } = await upload.json();
  const created = await request.post("/api/v1/batches", { data: { name: `${tag} crossing photos`, uploadId, mapping: { url: "picture", name: "title", carry: [] }, templateId: "local" } });
  expect(created.status()).toBe(201);
  const { parentId } = await created.json();
  // 200 when the cancel finished in a moment; on a busy machine a 202 with a task to follow to its end.
  const cancelled = await request.post(`/api/v1/batches/${parentId}/cancel`);
  expect([200, 202]).toContain(cancelled.status());
  if (cancelled.status() === 202) {
    const taskUrl = cancelled.headers()["location"];
    const task = async () => (await request.get(taskUrl)).json();
    // On a timeout the failure says where the task stood (its runs, progress and last error), not only "running".
    await expect.poll(async () => (await task()).status, { timeout: 40_000 }).toBe("succeeded").catch(async (error) => {
      throw new Error(`${(error as Error).message}\ntask: ${JSON.stringify(await task())}`);
    });
  }

  await page.goto("/batches");
  await page.getByRole("searchbox", { name: "Search by name" }).fill(tag.toUpperCase());
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${tag.toUpperCase()}`));
  await expect(page.getByTestId("batch-row")).toHaveCount(1);
  await expect(page.getByTestId("batch-row")).toContainText(`${tag} crossing photos`);
  await expect(page.getByTestId("batch-row")).toContainText("2 parts");
  await expect(page.getByTestId("batch-part-row")).toHaveCount(2);
  await expect(page.getByTestId("batch-part-row").nth(1)).toContainText("Part 2 of 2");
  await page.screenshot({ path: "test-results/screenshots/batches-list.png", fullPage: true });

  await page.getByLabel("Status").selectOption("completed");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No batches match these filters.")).toBeVisible();
  await page.getByLabel("Status").selectOption("cancelled");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByTestId("batch-row")).toHaveCount(1);
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/batches$/);
});

test("a new batch shows its estimate (images, tokens, cost, time) before it starts", async ({ page }) => {
  await openNewBatchPage(page);
  await page.getByLabel("…or paste image URLs, one per line").fill([1, 2, 3].map((n) => images.url(`/img/${n}.png`)).join("\n"));
  await page.getByLabel("Template").selectOption({ label: "Describe & tag" });
  const estimate = page.getByRole("region", { name: "Estimate" });
  await expect(estimate.getByTestId("estimate-images")).toHaveText("3");
  await expect(estimate).toContainText(/≈ \$\d/);
  await expect(estimate).toContainText(/images\/min/);
  await page.getByLabel("Template").selectOption({ label: "Offline analyzer (no Gemini call)" });
  await expect(estimate).toContainText("free (offline analyzer)");
  await page.screenshot({ path: "test-results/screenshots/new-batch-estimate.png", fullPage: true });
});

test("the template editor tries an unsaved template on a sample image", async ({ page }) => {
  await page.goto("/templates");
  await page.getByRole("button", { name: "New template" }).click();
  const editor = page.getByRole("region", { name: "Template editor" });
  await editor.getByLabel("Name", { exact: true }).fill("Try me");
  await editor.getByLabel("Instructions for Gemini").fill("Describe the main colour.");
  await editor.getByLabel("Field 1 name").fill("main_colour");
  await editor.getByLabel("Sample image", { exact: true }).and(page.locator("input")).setInputFiles({ name: "sample.png", mimeType: "image/png", buffer: await makePng(5) });
  await editor.getByRole("button", { name: "Try it" }).click();
  const result = editor.getByTestId("try-result");
  await expect(result).toContainText('"main_colour"', { timeout: 20_000 });
  await expect(result).toContainText("tokens");
  await page.screenshot({ path: "test-results/screenshots/template-try.png", fullPage: true });
});
