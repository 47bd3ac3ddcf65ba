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

test("a re-run's copy is followed on the new batch's page: how many images are copied, then the batch runs", async ({ page, request }) => {
  const created = await request.post("/api/v1/batches", { data: { name: "Hats", urls: [images.url("/img/23.png"), images.url("/img/24.png"), images.url("/img/25.png")], templateId: "local" } });
  const originalId = (await created.json()).batches[0].id;
  // A small batch is copied within the request (200); a large one answers 202 and the page comes with ?task= as here.
  const answered = await request.post(`/api/v1/batches/${originalId}/rerun`, { data: { templateId: "local", name: "Hats again" } });
  expect(answered.status(), await answered.text()).toBe(200);
  const { batches, task } = await answered.json();
  expect(task).toMatchObject({ kind: "batch.rerun", status: "succeeded", progress: { done: 3, total: 3 } });
  await page.goto(`/batches/${batches[0].id}?task=${task.id}`);
  const banner = page.getByRole("status", { name: "Operation in progress" });
  await expect(banner).toContainText("Copied the images into “Hats again”.");
  await expect(banner).toContainText("3 of 3 images copied");
  await expect(page.getByTestId("count-succeeded")).toHaveText("3", { timeout: 30_000 });
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `test-results/screenshots/rerun-copied-${colorScheme}.png`, fullPage: true });
  }
});
