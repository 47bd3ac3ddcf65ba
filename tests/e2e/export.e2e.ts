import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { makePng } from "./helpers/image-server";

test("the Export menu downloads CSV, Excel, JSON and JSON Lines", async ({ page, request }) => {
  const stored = await Promise.all([1, 2, 3].map(async (i) => (await request.post("/api/v1/uploads/images", { data: await makePng(90 + i), headers: { "x-file-name": `=cmd-${i}.png`, "content-type": "image/png" } })).json()));
  const created = await (await request.post("/api/v1/batches", { data: { name: "Export me", templateId: "local", images: stored } })).json();
  const batchId = created.batches[0].id;
  await page.goto(`/batches/${batchId}`);
  await expect(page.getByTestId("percent-done")).toHaveText("100%", { timeout: 30_000 });
  const today = new Date().toISOString().slice(0, 10);
  for (const [label, extension] of [["CSV", "csv"], ["Excel (.xlsx)", "xlsx"], ["JSON", "json"], ["JSON Lines", "jsonl"]] as const) {
    await page.getByText("Export ▾").click();
    await expect(page.getByRole("menu", { name: "Export" })).toBeVisible();
    if (label === "CSV") await page.screenshot({ path: "test-results/screenshots/export-menu.png" });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: label, exact: true }).click()]);
    expect(download.suggestedFilename()).toBe(`export-me-results-${today}.${extension}`);
    const body = await readFile((await download.path())!);
    if (extension === "csv") {
      const text = body.toString("utf8");
      expect(text.split("\n")[0]).toContain("image_id,name,source");
      expect(text).toContain("'=cmd-1.png");
    }
    if (extension === "xlsx") expect(body.subarray(0, 2).toString()).toBe("PK");
    if (extension === "json") expect(JSON.parse(body.toString("utf8"))).toHaveLength(3);
    if (extension === "jsonl") expect(body.toString("utf8").trim().split("\n")).toHaveLength(3);
    await expect(page.getByRole("menu", { name: "Export" })).toBeHidden();
  }
});
