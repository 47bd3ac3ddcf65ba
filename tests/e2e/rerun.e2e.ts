import { expect, test } from "@playwright/test";
import { startImageServer } from "./helpers/image-server";

let images: Awaited<ReturnType<typeof startImageServer>>;
test.beforeAll(async () => {
  images = await startImageServer();
});
test.afterAll(async () => images?.close());

test("re-run a finished batch with another template: a new batch with the same images, the original kept", async ({ page, request }) => {
  const created = await request.post("/api/v1/batches", { data: { name: "Shoes", urls: [images.url("/img/21.png"), images.url("/img/22.png")], templateId: "local" } });
  expect(created.status()).toBe(201);
  const originalId = (await created.json()).batches[0].id;
  await page.goto(`/batches/${originalId}`);
  await expect(page.getByTestId("count-succeeded")).toHaveText("2", { timeout: 30_000 });

  await page.getByRole("button", { name: "Re-run with…" }).click();
  await page.getByLabel("Template for the re-run").selectOption({ label: "Object detection" });
  await page.getByRole("button", { name: "Re-run", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Shoes (re-run)" })).toBeVisible();
  expect(page.url()).not.toContain(originalId);
  await expect(page.getByTestId("count-succeeded")).toHaveText("2", { timeout: 30_000 });
  await expect(page.getByText(/analysed with gemini/i)).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/rerun.png", fullPage: true });

  const original = await (await request.get(`/api/v1/batches/${originalId}`)).json();
  expect(original).toMatchObject({ name: "Shoes", model: "local", counts: { succeeded: 2 } });
});
