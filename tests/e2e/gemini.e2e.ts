import { expect, test } from "@playwright/test";
import { makePng } from "./helpers/image-server";
import { openNewBatchPage } from "./helpers/new-batch-page";

test("object detection through Gemini (emulated): boxes are drawn over the image", async ({ page }) => {
  await openNewBatchPage(page);
  const files = await Promise.all([1, 2, 3].map(async (i) => ({ name: `shelf-${i}.png`, mimeType: "image/png", buffer: await makePng(40 + i) })));
  await page.getByTestId("dropzone-input").setInputFiles(files);
  await expect(page.getByText("3 images ready")).toBeVisible();
  await page.getByLabel("Template").selectOption({ label: "Object detection" });
  await page.getByLabel("Batch name").fill("Shelf photos");
  await page.getByRole("button", { name: "Create batch" }).click();
  await expect(page.getByRole("heading", { name: "Shelf photos" })).toBeVisible();
  await expect(page.getByText("analysed with gemini-2.5-flash")).toBeVisible();
  await expect(page.getByTestId("percent-done")).toHaveText("100%", { timeout: 30_000 });
  await expect(page.getByTestId("count-succeeded")).toHaveText("3");
  const tokens = Number((await page.getByText("Tokens").locator("xpath=following-sibling::dd[1]").textContent())?.replace(/,/g, ""));
  expect(tokens).toBeGreaterThan(3 * 258);
  // Key utilisation: the calls of this batch by masked key, adding up to one successful call per image.
  await page.reload();
  const usage = page.getByRole("region", { name: "Key utilisation" });
  await expect(usage.getByTestId("key-usage-row").first()).toBeVisible();
  const succeeded = await usage.getByTestId("key-usage-row").evaluateAll((rows) => rows.reduce((sum, row) => sum + Number(row.children[3].textContent), 0));
  expect(succeeded).toBe(3);
  await expect(usage.getByTestId("key-usage-row").first().locator("td").first()).toHaveText(/…/);

  await page.getByTestId("image-row").first().click();
  const drawer = page.getByRole("dialog", { name: "Image details" });
  await expect(drawer.getByTestId("bounding-box").first()).toBeVisible();
  const boxes = await drawer.getByTestId("bounding-box").count();
  expect(boxes).toBeGreaterThan(0);
  await expect(drawer.getByText(/^key …/).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/boxes.png" });
  await drawer.getByLabel(/Show \d+ box/).uncheck();
  await expect(drawer.getByTestId("bounding-box")).toHaveCount(0);
});

test("create a template with a live schema preview, then run a batch with it", async ({ page, request }) => {
  await page.goto("/templates");
  await expect(page.getByRole("heading", { name: "Describe & tag" })).toBeVisible();
  await page.getByRole("button", { name: "New template" }).click();
  const editor = page.getByRole("region", { name: "Template editor" });
  await editor.getByLabel("Name", { exact: true }).fill("Shoe check");
  await editor.getByLabel("Instructions for Gemini").fill("Look at the shoe in the photo.");
  await editor.getByLabel("Field 1 name").fill("colour");
  await editor.getByRole("button", { name: "Add field" }).click();
  await editor.getByLabel("Field 2 name").fill("condition");
  await editor.getByLabel("Field 2 type").selectOption("enum");
  await editor.getByLabel("Field 2 values").fill("new, used, damaged");
  await expect(editor.getByTestId("schema-preview")).toContainText('"condition"');
  await expect(editor.getByTestId("schema-preview")).toContainText('"damaged"');
  await page.screenshot({ path: "test-results/screenshots/template-editor.png", fullPage: true });
  await editor.getByRole("button", { name: "Create template" }).click();
  await expect(page.getByText('Created "Shoe check".')).toBeVisible();
  await expect(page.getByRole("heading", { name: "Shoe check" })).toBeVisible();

  const { templates } = await (await request.get("/api/v1/templates")).json();
  const shoe = templates.find((t: { name: string }) => t.name === "Shoe check");
  const upload = await request.post("/api/v1/uploads/images", { data: await makePng(77), headers: { "x-file-name": "shoe.png", "content-type": "image/png" } });
  expect(upload.status()).toBe(201);
  const stored = await upload.json();
  const created = await request.post("/api/v1/batches", { data: { name: "Shoes", templateId: shoe.id, images: [stored] } });
  expect(created.status()).toBe(201);
  const batchId = (await created.json()).batches[0].id;
  await expect.poll(async () => (await (await request.get(`/api/v1/batches/${batchId}`)).json()).status, { timeout: 30_000 }).toBe("completed");
  const { images } = await (await request.get(`/api/v1/batches/${batchId}/images`)).json();
  const detail = await (await request.get(`/api/v1/images/${images[0].id}`)).json();
  expect(Object.keys(detail.result).sort()).toEqual(["colour", "condition"]);
  expect(["new", "used", "damaged"]).toContain(detail.result.condition);
});

test("the dashboard shows today's totals and the last hour's throughput", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByText("Demo mode.")).toBeVisible();
  const imagesToday = Number((await page.getByText("Images today").locator("xpath=following-sibling::dd[1]").textContent())?.replace(/,/g, ""));
  expect(imagesToday).toBeGreaterThan(20);
  await expect(page.getByRole("img", { name: /images finished in the last hour/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Running batches" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/dashboard.png", fullPage: true });
});
