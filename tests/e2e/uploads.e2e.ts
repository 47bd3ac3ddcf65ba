import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
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

test("choose a folder: its images are kept, a stray text file is refused, hidden system files are skipped", async ({ page }) => {
  const folder = path.join(mkdtempSync(path.join(os.tmpdir(), "loupe-folder-")), "summer-shoot");
  mkdirSync(path.join(folder, "details"), { recursive: true });
  writeFileSync(path.join(folder, "red.png"), await makePng(11));
  writeFileSync(path.join(folder, "green.png"), await makePng(12));
  writeFileSync(path.join(folder, "details", "blue.png"), await makePng(13));
  writeFileSync(path.join(folder, "notes.txt"), "shot list");
  writeFileSync(path.join(folder, ".DS_Store"), Buffer.from([0, 0, 0, 1, 66, 117, 100, 49]));
  await openNewBatchPage(page);
  await page.getByTestId("folder-input").setInputFiles(folder);
  await expect(page.getByText("3 images ready · 1 rejected")).toBeVisible({ timeout: 30_000 });
  const uploads = page.getByRole("region", { name: "Uploads" });
  await expect(uploads.getByText(/not an image Loupe can read/)).toHaveCount(1);
  await expect(uploads.getByText("notes.txt", { exact: true })).toBeVisible();
  await expect(uploads.getByText(".DS_Store")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "notes.txt" })).toHaveCount(0); // a .txt in a folder is not taken for a CSV
  await page.screenshot({ path: "test-results/screenshots/folder-upload.png", fullPage: true });

  await page.getByLabel("Batch name").fill("From a folder");
  await page.getByLabel("Template").selectOption({ label: "Offline analyzer (no Gemini call)" });
  await page.getByRole("button", { name: "Create batch" }).click();
  await expect(page.getByRole("heading", { name: "From a folder" })).toBeVisible();
  await expect(page.getByTestId("count-succeeded")).toHaveText("3", { timeout: 30_000 });
});
