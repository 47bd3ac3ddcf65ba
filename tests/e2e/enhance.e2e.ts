import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { unzip } from "../helpers/unzip";
import { makePng } from "./helpers/image-server";
import { openNewBatchPage } from "./helpers/new-batch-page";
import { screenshotsLightAndDark } from "./helpers/screenshots";

test("an enhance template from the UI, a batch of product photos, variants reviewed with the keyboard, the approved ones downloaded as a ZIP", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/templates");
  await page.getByRole("button", { name: "New enhance template" }).click();
  const editor = page.getByRole("region", { name: "Enhance template editor" });
  await editor.getByLabel("Name", { exact: true }).fill("Sneakers on white");
  await editor.getByLabel("Instructions for the image model").fill("The sneaker alone on a pure white background, soft shadow.");
  await editor.getByLabel("Variants per product").selectOption("2");
  await editor.getByLabel("Aspect ratio").selectOption("1:1");
  await expect(editor.getByTestId("enhance-cost")).toContainText("$0.039 per variant");
  await editor.getByRole("button", { name: "Create template" }).click();
  await expect(page.getByText('Created "Sneakers on white".')).toBeVisible();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Sneakers on white" }) });
  await expect(card.getByTestId("template-enhance")).toContainText("2 variants per product · 1:1 · gemini-2.5-flash-image");

  await openNewBatchPage(page);
  const files = await Promise.all([1, 2].map(async (i) => ({ name: `sneaker-${i}.png`, mimeType: "image/png", buffer: await makePng(60 + i) })));
  await page.getByTestId("dropzone-input").setInputFiles(files);
  await expect(page.getByText("2 images ready")).toBeVisible();
  await page.getByLabel("Template").selectOption({ label: "Sneakers on white" });
  await page.getByLabel("Batch name").fill("Sneaker shoot");
  // The estimate prices the variants: two image-model calls per product at the image-output price.
  await expect(page.getByTestId("estimate-variants")).toContainText("Each product gets 2 variants, one call each to gemini-2.5-flash-image");
  await expect(page.getByTestId("estimate-cost")).toHaveText(/≈ \$0\.1[56]/); // 4 calls at ≈ $0.039
  await screenshotsLightAndDark(page, "enhance-estimate");
  await page.getByRole("button", { name: "Create batch" }).click();
  await expect(page.getByRole("heading", { name: "Sneaker shoot" })).toBeVisible();
  await expect(page.getByText("analysed with gemini-2.5-flash-image")).toBeVisible();
  await expect(page.getByTestId("percent-done")).toHaveText("100%", { timeout: 60_000 });
  await page.getByRole("link", { name: "Review variants" }).click();

  await expect(page.getByRole("heading", { name: "Review variants" })).toBeVisible();
  const product = page.getByTestId("product-review");
  await expect(product.getByTestId("variant")).toHaveCount(2);
  await expect(product.getByRole("img", { name: "Original of sneaker-1.png" })).toBeVisible();
  await expect(product.getByTestId("product-status")).toHaveText("pending review");
  await screenshotsLightAndDark(page, "enhance-review");

  // Product 1: move to variant 2, approve it; back to variant 1, reject it.
  await page.keyboard.press("ArrowRight");
  await expect(product.getByRole("figure", { name: "Variant 2" })).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("a");
  await expect(product.getByRole("figure", { name: "Variant 2" })).toHaveAttribute("data-status", "approved");
  await expect(product.getByTestId("product-status")).toHaveText("approved");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("r");
  await expect(product.getByRole("figure", { name: "Variant 1" })).toHaveAttribute("data-status", "rejected");

  // Product 2: the next product, "b" approves its first variant as the best and rejects the other.
  await page.keyboard.press("ArrowDown");
  await expect(product.getByRole("heading", { name: "sneaker-2.png" })).toBeVisible();
  await page.keyboard.press("b");
  await expect(product.getByRole("figure", { name: "Variant 1" })).toHaveAttribute("data-status", "approved");
  await expect(product.getByRole("figure", { name: "Variant 2" })).toHaveAttribute("data-status", "rejected");
  await expect(page.getByRole("navigation", { name: "Products" }).getByText("approved")).toHaveCount(2);
  await screenshotsLightAndDark(page, "enhance-reviewed");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download approved \(ZIP, 2\)/ }).click()]);
  const zip = await unzip(await readFile((await download.path())!));
  expect([...zip.keys()].sort()).toEqual(["manifest.csv", "sneaker-1-v2.png", "sneaker-2-v1.png"]);
  for (const name of ["sneaker-1-v2.png", "sneaker-2-v1.png"]) expect(await sharp(zip.get(name)!).metadata()).toMatchObject({ format: "png", width: 1024, height: 1024 });

  // Regenerate with an edited instruction: a second generation appears, the earlier one kept below.
  await page.getByLabel("Instruction for new variants").fill("The sneaker from the side, on white.");
  await page.getByRole("button", { name: "Regenerate" }).click();
  await expect(page.getByText(/Making generation 2 of sneaker-2\.png/)).toBeVisible();
  await expect(product.getByTestId("variant").first()).toHaveAttribute("data-status", "pending", { timeout: 30_000 });
  await expect(product.getByText("Earlier generations (2 variants)")).toBeVisible();
  await expect(product.getByTestId("product-status")).toHaveText("approved"); // an approved variant of generation 1 still counts
});
