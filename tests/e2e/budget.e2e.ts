import { expect, test } from "@playwright/test";
import { makePng } from "./helpers/image-server";
import { openNewBatchPage } from "./helpers/new-batch-page";
import { screenshotsLightAndDark } from "./helpers/screenshots";

test("a spending cap: the batch pauses with 'budget reached', the cap is raised on the batch page, and it completes", async ({ page, request }) => {
  await openNewBatchPage(page);
  const files = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(async (i) => ({ name: `budget-${i}.png`, mimeType: "image/png", buffer: await makePng(30 + i) })));
  await page.getByTestId("dropzone-input").setInputFiles(files);
  await expect(page.getByText("8 images ready")).toBeVisible();
  await page.getByLabel("Template").selectOption({ label: "Describe & tag" });
  await page.getByLabel("Batch name").fill("Capped shoot");

  // A bad amount is refused on the page, before anything is created.
  const cap = page.getByLabel("Spending cap (USD)");
  await cap.fill("a few dollars");
  await page.getByRole("button", { name: "Create batch" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Spending cap must be an amount of US dollars" })).toBeVisible();

  // Room for one call at its most (thinking may use all its output room) and a couple more as they are billed.
  await cap.fill("0.0065");
  await expect(page.getByRole("alert").filter({ hasText: "Spending cap must be an amount of US dollars" })).toHaveCount(0);
  await expect(page.getByTestId("estimate-images")).toHaveText("8");
  await screenshotsLightAndDark(page, "budget-new-batch");
  await page.getByRole("button", { name: "Create batch" }).click();
  await expect(page.getByRole("heading", { name: "Capped shoot" })).toBeVisible();

  const callout = page.getByRole("alert", { name: "Why this batch paused" });
  await expect(callout).toBeVisible({ timeout: 30_000 });
  await expect(callout.getByRole("heading", { name: "Budget reached" })).toBeVisible();
  await expect(callout.getByTestId("pause-reason")).toHaveText(/^This batch has spent \$\d\.\d+ of its \$0\.006500 cap, .*Raise the cap on the batch page, then resume\.$/);
  await expect(page.getByText("paused", { exact: true }).first()).toBeVisible();
  const budget = page.getByRole("region", { name: "Budget" });
  await expect(budget.getByTestId("budget-spent")).toContainText("of $0.006500");
  await expect(page.getByTestId("count-processing")).toHaveText("0");
  const paused = Number(await page.getByTestId("count-succeeded").textContent());
  expect(paused).toBeLessThan(8);
  await expect(page.getByTestId("count-failed")).toHaveText("0");
  await screenshotsLightAndDark(page, "budget-paused");

  // The API says the same: the cap, what was spent under it, and why it paused.
  const batchId = page.url().split("/").pop()!;
  const state = await (await request.get(`/api/v1/batches/${batchId}`)).json();
  expect(state).toMatchObject({ status: "paused", pause: { code: "budget_reached" }, budget: { capUsd: 0.0065 } });
  expect(state.budget.spentUsd).toBeLessThanOrEqual(0.0065);

  // Raised on the batch page, and resumed in the same step: the rest is analysed.
  const raise = callout.getByLabel("New spending cap (USD)");
  await raise.fill("0");
  await callout.getByRole("button", { name: "Raise cap and resume" }).click();
  await expect(callout.getByText("Spending cap must be an amount of US dollars more than $0")).toBeVisible();
  await raise.fill("1");
  await callout.getByRole("button", { name: "Raise cap and resume" }).click();
  await expect(page.getByText("Spending cap set to $1.0000; resumed.")).toBeVisible();
  await expect(page.getByTestId("percent-done")).toHaveText("100%", { timeout: 30_000 });
  await expect(page.getByTestId("count-succeeded")).toHaveText("8");
  await expect(page.getByTestId("count-failed")).toHaveText("0");
  await expect(page.getByRole("alert", { name: "Why this batch paused" })).toHaveCount(0);
  await expect(budget.getByTestId("budget-spent")).toContainText("of $1.0000");
  await screenshotsLightAndDark(page, "budget-completed");

  // Every image was analysed once: one successful call each.
  const { images } = await (await request.get(`/api/v1/batches/${batchId}/images`)).json();
  expect(images).toHaveLength(8);
  for (const image of images) {
    const detail = await (await request.get(`/api/v1/images/${image.id}`)).json();
    expect(detail.attemptHistory.map((attempt: { httpStatus: number | null }) => attempt.httpStatus)).toEqual([200]);
    expect(detail.attempts).toBe(1); // the run that met the cap was given back
  }

  // The cap can be changed (or removed) later from the budget card.
  await budget.getByRole("button", { name: "Change cap" }).click();
  await budget.getByLabel("Spending cap (USD)").fill("2.5");
  await budget.getByRole("button", { name: "Save cap" }).click();
  await expect(budget.getByTestId("budget-spent")).toContainText("of $2.5000");
});

test("a batch that paused itself for another reason (no such model) says why above everything, without a cap to raise", async ({ page, request }) => {
  const template = await request.post("/api/v1/templates", {
    // The demo's Gemini emulator answers this prompt as Google answers a model it does not offer (404 NOT_FOUND).
    data: { name: "Retired model", instructions: "Describe the image. EMULATE:model-not-found", fields: [{ name: "caption", type: "string", required: true }] },
  });
  expect(template.status(), await template.text()).toBe(201);
  const upload = await request.post("/api/v1/uploads/images", { data: await makePng(61), headers: { "x-file-name": "future.png", "content-type": "image/png" } });
  const created = await request.post("/api/v1/batches", { data: { name: "Future model", templateId: (await template.json()).id, images: [await upload.json()] } });
  expect(created.status()).toBe(201);
  await page.goto(`/batches/${(await created.json()).batches[0].id}`);
  const callout = page.getByRole("alert", { name: "Why this batch paused" });
  await expect(callout.getByRole("heading", { name: "The model is not available" })).toBeVisible({ timeout: 30_000 });
  await expect(callout.getByTestId("pause-reason")).toContainText("Choose another model in the template and re-run the batch with it");
  await expect(callout.getByRole("button", { name: "Raise cap and resume" })).toHaveCount(0);
  await expect(page.getByTestId("count-failed")).toHaveText("0");
  await screenshotsLightAndDark(page, "budget-model-not-found");
});
