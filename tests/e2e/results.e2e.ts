import { expect, test } from "@playwright/test";
import { createTemplate, finishedBatch } from "./helpers/results-batch";
import { screenshotsLightAndDark } from "./helpers/screenshots";

test("a favicon, app icons and a title on every page", async ({ page, playwright, baseURL }) => {
  await page.goto("/");
  await expect(page).toHaveTitle("Dashboard · Loupe");
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toMatch(/^\/icon\.svg/);
  const apple = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
  expect(apple).toMatch(/^\/apple-icon\.png/);
  // Icons and the manifest load without a session too (the sign-in page shows them).
  const anonymous = await playwright.request.newContext({ baseURL });
  for (const path of [icon!, apple!, "/manifest.webmanifest"]) {
    const response = await anonymous.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
  }
  expect((await anonymous.get(icon!)).headers()["content-type"]).toContain("image/svg+xml");
  const manifest = await (await anonymous.get("/manifest.webmanifest")).json();
  await anonymous.dispose();
  expect(manifest.name).toBe("Loupe");
  for (const [path, title] of [["/batches", "Batches · Loupe"], ["/batches/new", "New batch · Loupe"], ["/templates", "Templates · Loupe"], ["/review", "Review · Loupe"], ["/admin/status", "System status · Loupe"]]) {
    await page.goto(path);
    await expect(page).toHaveTitle(title);
  }
});

test("results table: a column per template field, a field filter, sorting, the column chooser and a filtered export", async ({ page, request }) => {
  const template = await createTemplate(request, "Shelf audit");
  const batchId = await finishedBatch(request, { name: "Shelf audit run", templateId: template.id, count: 14, seed: 300 });
  const { images } = await (await request.get(`/api/v1/batches/${batchId}/images`)).json();
  const failing = images.filter((image: { result: { verdict: string } }) => image.result.verdict === "fail").map((image: { name: string }) => image.name).sort();
  expect(failing.length).toBeGreaterThan(0);
  expect(failing.length).toBeLessThan(14);

  await page.goto(`/batches/${batchId}`);
  await expect(page).toHaveTitle("Shelf audit run · Loupe");
  const table = page.getByRole("region", { name: "Results" });
  const headers = table.getByRole("columnheader");
  await expect(headers).toContainText(["Status", "category", "verdict", "confidence", "tags", "objects", "Tokens", "Review"]);
  await expect(table.getByTestId("image-row")).toHaveCount(14);
  // Lists of words are joined, lists of objects with boxes are counted.
  const firstRow = table.getByTestId("image-row").first();
  await expect(firstRow).toContainText(/\d+ box(es)?/);
  await screenshotsLightAndDark(page, "results-table");

  await table.getByLabel("Where").fill("verdict = fail");
  await table.getByLabel("Where").press("Enter");
  await expect(table.getByTestId("field-filter")).toHaveText(["verdict = fail×"]);
  await expect(table.getByTestId("image-row")).toHaveCount(failing.length);
  const shown = (await table.getByTestId("image-row").evaluateAll((rows) => rows.map((row) => row.querySelector("button")?.textContent ?? ""))).sort();
  expect(shown).toEqual(failing);
  await screenshotsLightAndDark(page, "results-filtered");

  // A filter the results cannot have is named, not sent.
  await table.getByLabel("Where").fill("colour = red");
  await table.getByLabel("Where").press("Enter");
  await expect(table.getByRole("alert")).toContainText('no field "colour"');

  // The export link carries the filter; its file holds only those rows.
  await table.getByText("Export these").click();
  const href = await table.getByRole("menuitem", { name: "JSON Lines" }).getAttribute("href");
  expect(href).toContain(`filter=${encodeURIComponent("verdict = fail")}`);
  const exported = (await (await request.get(href!)).text()).trim().split("\n").map((line) => JSON.parse(line).name).sort();
  expect(exported).toEqual(failing);
  await page.keyboard.press("Escape");

  // Sorting by a number field, highest first.
  await table.getByRole("button", { name: "Remove filter verdict = fail" }).click();
  await expect(table.getByTestId("image-row")).toHaveCount(14);
  await table.getByRole("columnheader", { name: "confidence" }).click();
  await table.getByRole("columnheader", { name: /confidence/ }).click();
  await expect(table.getByRole("columnheader", { name: /confidence/ })).toHaveAttribute("aria-sort", "descending");
  const confidences = images.map((image: { result: { confidence: number } }) => image.result.confidence).sort((a: number, b: number) => b - a);
  await expect(table.getByTestId("image-row").first()).toContainText(confidences[0].toLocaleString("en", { maximumFractionDigits: 3 }));

  // The column chooser hides a field, and the choice outlives a reload.
  await table.getByText("Columns ▾").click();
  await table.getByRole("group", { name: "Columns" }).getByLabel("tags").uncheck();
  await expect(table.getByRole("columnheader", { name: "tags" })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("region", { name: "Results" }).getByRole("columnheader", { name: "verdict" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Results" }).getByRole("columnheader", { name: "tags" })).toHaveCount(0);
});
