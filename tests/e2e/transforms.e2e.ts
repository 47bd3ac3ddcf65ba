import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { unzip } from "../helpers/unzip";
import { openNewBatchPage } from "./helpers/new-batch-page";
import { screenshotsLightAndDark } from "./helpers/screenshots";

/** A photo-like PNG: a gradient with a disc, `width` × `height`, transparent outside the disc when `alpha`. */
async function photo(width: number, height: number, alpha = false) {
  const svg = `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"><stop offset="0" stop-color="#0ea5e9"/><stop offset="1" stop-color="#f97316"/></linearGradient></defs>${alpha ? "" : `<rect width="100%" height="100%" fill="url(#g)"/>`}<circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#16a34a"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const TEMPLATE = "E2E catalogue 300 px WebP";

test("a transform template made in the UI, tried on a sample, run as a batch: before / after, one download, the ZIP", async ({ page }) => {
  // Create the transform template in the templates page, and try it on a sample first.
  await page.goto("/templates");
  await expect(page.getByText("Web-ready 1200 px WebP on white")).toBeVisible();
  await page.getByRole("button", { name: "New transform template" }).click();
  const editor = page.getByRole("region", { name: "Transform editor" });
  await editor.getByLabel("Name").fill(TEMPLATE);
  await editor.getByLabel("Operations (JSON)").fill('[{"op":"resize","width":300},{"op":"flatten","background":"#ffffff"},{"op":"format","format":"webp"}]');
  await editor.getByLabel("Sample image for the transform").setInputFiles({ name: "sample.png", mimeType: "image/png", buffer: await photo(900, 600, true) });
  await editor.getByRole("button", { name: "Transform sample" }).click();
  await expect(editor.getByTestId("after-facts")).toContainText("300 × 200 · WEBP");
  await expect(editor.getByTestId("before-facts")).toContainText("900 × 600 · PNG");
  await screenshotsLightAndDark(page, "transforms-editor");
  // A bad operation is named before anything is saved.
  await editor.getByLabel("Operations (JSON)").fill('[{"op":"blur","sigma":0}]');
  await editor.getByRole("button", { name: "Create transform" }).click();
  await expect(editor.getByRole("alert")).toContainText("operations[0].sigma");
  await editor.getByLabel("Operations (JSON)").fill('[{"op":"resize","width":300},{"op":"flatten","background":"#ffffff"},{"op":"format","format":"webp"}]');
  await editor.getByRole("button", { name: "Create transform" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Created "${TEMPLATE}"` })).toBeVisible();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: TEMPLATE }) });
  await expect(card.getByTestId("template-operations")).toHaveText("Transform (makes images): resize 300×auto (inside) · flatten #ffffff · webp");

  // A batch of three images with it.
  await openNewBatchPage(page);
  await page.getByTestId("dropzone-input").setInputFiles([
    { name: "red-chair.png", mimeType: "image/png", buffer: await photo(1200, 800, true) },
    { name: "blue-lamp.png", mimeType: "image/png", buffer: await photo(600, 900) },
    { name: "red-chair.png", mimeType: "image/png", buffer: await photo(1500, 1000) },
  ]);
  await expect(page.getByText("3 images ready")).toBeVisible({ timeout: 20_000 });
  await page.getByLabel("Batch name").fill("E2E transform batch");
  await page.getByLabel("Template").selectOption({ label: TEMPLATE });
  await expect(page.getByLabel("Transform first")).toBeHidden();
  await page.getByRole("button", { name: "Create batch" }).click();
  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("percent-done")).toHaveText("100%", { timeout: 30_000 });
  await expect(page.getByText("transformed on this server (no Gemini call)")).toBeVisible();

  const gallery = page.getByRole("region", { name: "Before and after" });
  await expect(gallery.getByTestId("before-after")).toHaveCount(3);
  // Outputs are listed as they were made (any order): each pair found by its image's name.
  const lamp = gallery.getByRole("listitem").filter({ has: page.getByRole("button", { name: "blue-lamp.png" }) });
  await expect(lamp.getByTestId("before-facts")).toContainText("600 × 900 · PNG");
  await expect(lamp.getByTestId("after-facts")).toContainText("300 × 450 · WEBP");
  await expect(gallery.getByTestId("after-facts").filter({ hasText: "300 × 200 · WEBP" })).toHaveCount(2);
  await expect(gallery.getByTestId("transform-operations")).toHaveText("resize 300×auto (inside) · flatten #ffffff · webp");
  // Every image loaded in the browser (the original and the output of each).
  for (const image of await gallery.getByRole("img").all()) await expect.poll(() => image.evaluate((node: HTMLImageElement) => node.complete && node.naturalWidth > 0)).toBe(true);
  await screenshotsLightAndDark(page, "transforms-batch");

  // One output, downloaded from its pane.
  const [single] = await Promise.all([page.waitForEvent("download"), gallery.getByRole("link", { name: "Download the output of blue-lamp.png" }).click()]);
  expect(single.suggestedFilename()).toBe("blue-lamp.webp");
  expect(await sharp(await readFile((await single.path())!)).metadata()).toMatchObject({ format: "webp", width: 300, height: 450 });

  // All of them as a ZIP: one 300 px WebP per image, names deduplicated.
  const [download] = await Promise.all([page.waitForEvent("download"), gallery.getByRole("link", { name: "Download all (ZIP)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^e2e-transform-batch-outputs-\d{4}-\d{2}-\d{2}\.zip$/);
  const files = await unzip(await readFile((await download.path())!));
  expect([...files.keys()].sort()).toEqual(["blue-lamp.webp", "manifest.csv", "red-chair-2.webp", "red-chair.webp"]);
  for (const [name, bytes] of files) if (name.endsWith(".webp")) expect(await sharp(bytes).metadata(), name).toMatchObject({ format: "webp", width: 300 });

  // The viewer: the original beside the output.
  await gallery.getByRole("button", { name: "blue-lamp.png" }).click();
  const drawer = page.getByRole("dialog", { name: "Image details" });
  await expect(drawer.getByTestId("before-facts")).toContainText("600 × 900 · PNG");
  await expect(drawer.getByTestId("after-facts")).toContainText("300 × 450 · WEBP");
  await screenshotsLightAndDark(page, "transforms-viewer");
  await drawer.getByRole("button", { name: "Close" }).click();

  // The Export menu offers the ZIP too.
  await page.getByText("Export ▾").click();
  await expect(page.getByRole("menuitem", { name: "Output images (.zip)" })).toBeVisible();
});

test("a transform before an analysis: chosen on the new-batch page, the viewer shows what the analysis saw", async ({ page }) => {
  await openNewBatchPage(page);
  await page.getByTestId("dropzone-input").setInputFiles([{ name: "wide-photo.png", mimeType: "image/png", buffer: await photo(1600, 1000) }]);
  await expect(page.getByText("1 image ready")).toBeVisible({ timeout: 20_000 });
  await page.getByLabel("Template").selectOption("local");
  await page.getByLabel("Transform first").selectOption({ label: "Square thumbnail 400 px JPEG" });
  await expect(page.getByText("With a transform first, images are prepared and analysed one by one").first()).toBeVisible();
  await page.getByRole("button", { name: "Create batch" }).click();
  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("percent-done")).toHaveText("100%", { timeout: 30_000 });
  await expect(page.getByText("prepared, then analysed with the offline analyzer")).toBeVisible();
  const gallery = page.getByRole("region", { name: "Before and after" });
  await expect(gallery).toContainText("Each image is prepared with Square thumbnail 400 px JPEG");
  await gallery.getByRole("button", { name: "wide-photo.png" }).click();
  const drawer = page.getByRole("dialog", { name: "Image details" });
  await expect(drawer.getByTestId("after-facts")).toContainText("400 × 400 · JPEG");
  // The offline analysis describes the transformed image.
  await expect(drawer.getByText("Raw JSON")).toBeVisible();
  await drawer.getByText("Raw JSON").click();
  await expect(drawer.locator("pre")).toContainText('"width": 400');
});
