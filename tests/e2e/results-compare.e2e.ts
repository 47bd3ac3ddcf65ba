import { expect, test } from "@playwright/test";
import { makePng } from "./helpers/image-server";
import { createTemplate, SHELF_FIELDS } from "./helpers/results-batch";
import { screenshotsLightAndDark } from "./helpers/screenshots";

test("compare two templates on five uploaded sample images: answers side by side, differences marked, tokens and cost each; use the winner", async ({ page, request }) => {
  await createTemplate(request, "Shelf strict", SHELF_FIELDS);
  // Another template: a fourth category and another verdict scale, so some answers differ.
  await createTemplate(request, "Shelf broad", [{ name: "category", type: "enum", enumValues: ["shoes", "bags", "hats", "other"] }, { name: "verdict", type: "enum", enumValues: ["pass", "fail", "unsure"] }, ...SHELF_FIELDS.slice(2)]);

  await page.goto("/compare");
  await expect(page).toHaveTitle("Compare · Loupe");
  await page.getByLabel("Candidate 1").selectOption({ label: "Shelf strict (v1)" });
  await page.getByLabel("Candidate 2").selectOption({ label: "Shelf broad (v1)" });
  await page.getByTestId("compare-files").setInputFiles(await Promise.all([1, 2, 3, 4, 5].map(async (i) => ({ name: `sample-${i}.png`, mimeType: "image/png", buffer: await makePng(700 + i) }))));
  await expect(page.getByTestId("compare-uploaded")).toHaveText("5 uploaded");
  await page.getByRole("button", { name: "Run the comparison" }).click();

  await expect(page.getByTestId("compare-image")).toHaveCount(5, { timeout: 60_000 });
  const totals = page.getByTestId("compare-total");
  await expect(totals).toHaveCount(2);
  await expect(totals.nth(0)).toContainText("Shelf strict v1");
  await expect(totals.nth(1)).toContainText("Shelf broad v1");
  for (const total of await totals.all()) await expect(total).toContainText(/Cost per image\$0\.\d+/);
  // Each image: a row per field, a column per template, tokens and cost per cell; differing fields are marked.
  const first = page.getByTestId("compare-image").first();
  await expect(first.getByRole("row", { name: /category/ })).toBeVisible();
  await expect(first.getByTestId("compare-cost")).toHaveCount(2);
  await expect(first.getByTestId("compare-cost").first()).toContainText(/^[\d,]+ · \$0\.\d+$/);
  expect(await page.locator("tr[data-differs]").count()).toBeGreaterThan(0);
  await expect(page.getByTestId("compare-summary")).toContainText(/of 5 images got different answers/);
  await screenshotsLightAndDark(page, "compare");

  // "Use this one" starts a batch of the samples with that template.
  await totals.nth(1).getByRole("button", { name: "Use this one" }).click();
  await expect(page.getByRole("heading", { name: "Compared: Shelf broad" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("percent-done")).toHaveText("100%", { timeout: 60_000 });
  await expect(page.getByRole("region", { name: "Results" }).getByTestId("image-row")).toHaveCount(5);
});
