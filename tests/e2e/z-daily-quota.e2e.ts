import { expect, test } from "@playwright/test";
import { makePng } from "./helpers/image-server";

// Runs last (its name): a per-day quota refusal parks the demo projects until midnight Pacific, which no later test wants.
test("a per-day quota refusal: the status page says the project's daily quota is used up and when it resets; the image waits, not failed", async ({ page, request }) => {
  const template = await request.post("/api/v1/templates", {
    data: { name: `Daily quota ${Date.now()}`, instructions: "Describe the picture. EMULATE:429-day", fields: [{ name: "caption", type: "string", required: true }] },
  });
  expect(template.status()).toBe(201);
  const stored = await (await request.post("/api/v1/uploads/images", { data: await makePng(901), headers: { "x-file-name": "daily.png", "content-type": "image/png" } })).json();
  const created = await request.post("/api/v1/batches", { data: { name: "Meets a per-day 429", images: [stored], templateId: (await template.json()).id } });
  expect(created.status()).toBe(201);
  const batchId = (await created.json()).batches[0].id;
  try {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto("/admin/status");
      const banner = page.getByTestId("project-daily-exhausted").first();
      await expect(banner).toBeVisible({ timeout: 30_000 });
      // Google's RetryInfo said 36 s; Loupe waits for the reset at midnight Pacific, and says so in the reader's time too.
      await expect(banner).toContainText(/daily quota used up, resets at .*(PST|PDT)/);
      await expect(banner).toContainText("Google: You exceeded your current quota");
      await expect(page.getByTestId("key-row").filter({ hasText: "Daily quota used up, resets at" }).first()).toBeVisible();
      await page.screenshot({ path: `test-results/screenshots/daily-quota-${scheme}.png`, fullPage: true });
    }
    const batch = await (await request.get(`/api/v1/batches/${batchId}`)).json();
    expect(batch.counts.failed).toBe(0);
  } finally {
    await request.post(`/api/v1/batches/${batchId}/cancel`);
  }
});
