import { expect, test } from "@playwright/test";
import { makeZip } from "../helpers/make-zip";
import { makePng } from "./helpers/image-server";
import { openNewBatchPage } from "./helpers/new-batch-page";

test("drop a ZIP: its images are kept (folders too), a ../ entry and a non-image are listed as refused, the batch runs", async ({ page }) => {
  const zip = makeZip([
    { name: "catalogue/red.png", data: await makePng(1) },
    { name: "catalogue/green.png", data: await makePng(2), deflate: true },
    { name: "blue.png", data: await makePng(3) },
    { name: "../escape.png", data: await makePng(4) },
    { name: "readme.txt", data: Buffer.from("hello") },
  ]);
  await openNewBatchPage(page);
  await page.getByTestId("dropzone-input").setInputFiles([{ name: "catalogue.zip", mimeType: "application/zip", buffer: zip }]);
  await expect(page.getByText("3 images ready")).toBeVisible({ timeout: 30_000 });
  const uploads = page.getByRole("region", { name: "Uploads" });
  await expect(uploads.getByText("../escape.png: refused, the path leaves the archive")).toBeVisible();
  await expect(uploads.getByText(/readme\.txt is not an image Loupe can read/)).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/zip-upload.png", fullPage: true });

  await page.getByLabel("Batch name").fill("From a ZIP");
  await page.getByLabel("Template").selectOption({ label: "Offline analyzer (no Gemini call)" });
  await page.getByRole("button", { name: "Create batch" }).click();
  await expect(page.getByRole("heading", { name: "From a ZIP" })).toBeVisible();
  await expect(page.getByTestId("count-succeeded")).toHaveText("3", { timeout: 30_000 });
});
