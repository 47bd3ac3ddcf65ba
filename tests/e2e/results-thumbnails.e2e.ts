import { expect, test } from "@playwright/test";
import { makePng, startImageServer } from "./helpers/image-server";
import { openNewBatchPage } from "./helpers/new-batch-page";
import { screenshotsLightAndDark } from "./helpers/screenshots";

test("dropped images get thumbnails made in the browser, each file its progress or its error, and each is uploaded once", async ({ page }) => {
  const uploads: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/v1/uploads/")) uploads.push(decodeURIComponent(request.headers()["x-file-name"] ?? ""));
  });
  await openNewBatchPage(page);
  const files = await Promise.all([1, 2, 3].map(async (i) => ({ name: `rack-${i}.png`, mimeType: "image/png", buffer: await makePng(60 + i) })));
  await page.getByTestId("dropzone-input").setInputFiles([...files, { name: "not-really.png", mimeType: "image/png", buffer: Buffer.from("this is text, not a PNG") }]);
  const list = page.getByRole("region", { name: "Uploads" });
  await expect(list.getByText("3 images ready · 1 rejected")).toBeVisible({ timeout: 30_000 });

  const thumbnails = list.getByTestId("upload-thumbnail");
  await expect(thumbnails).toHaveCount(3);
  for (const thumbnail of await thumbnails.all()) {
    await expect(thumbnail).toHaveAttribute("src", /^blob:/);
    expect(await thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(0);
  }
  await expect(list.getByRole("img", { name: "Thumbnail of rack-2.png" })).toBeVisible();
  // Each good file shows it finished; the bad one says why, in its own tile, with no thumbnail.
  await expect(list.locator('[data-testid="upload-tile"][data-state="done"]')).toHaveCount(3);
  const bad = list.locator('[data-testid="upload-tile"][data-state="rejected"]');
  await expect(bad).toContainText("not-really.png");
  await expect(bad.getByRole("alert")).toContainText(/not an image/i);
  await expect(bad.getByTestId("upload-thumbnail")).toHaveCount(0);
  expect(uploads.sort()).toEqual(["not-really.png", "rack-1.png", "rack-2.png", "rack-3.png"]);
  await screenshotsLightAndDark(page, "upload-thumbnails");
});

test("a CSV's preview shows its first images, and says which did not load", async ({ page }) => {
  const images = await startImageServer();
  try {
    const rows = ["sku,photo", ...[1, 2, 3].map((i) => `SKU-${i},${images.url(`/img/${i}.png`)}`), `SKU-4,${images.url("/missing/4.png")}`];
    await openNewBatchPage(page);
    await page.getByTestId("dropzone-input").setInputFiles({ name: "feed.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
    const first = page.getByRole("figure", { name: "First images" });
    await expect(first).toContainText("First images of “photo”");
    await expect(first.getByTestId("csv-first-image")).toHaveCount(3);
    await expect(first.getByText("did not load")).toHaveCount(1);
    for (const image of await first.getByTestId("csv-first-image").all()) await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await screenshotsLightAndDark(page, "csv-first-images");
    // Another column: no links there, and the page says so.
    await page.getByLabel("Image URL column").selectOption("sku");
    await expect(first).toContainText("hold no http(s) URL");
  } finally {
    await images.close();
  }
});
