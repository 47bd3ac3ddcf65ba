import { expect, type Page } from "@playwright/test";

/**
 * Opens the new-batch page and waits until it is interactive: the template list is fetched by the client after hydration,
 * so once it is there the drop zone's handlers are attached too (files set before that would be lost).
 */
export async function openNewBatchPage(page: Page) {
  await page.goto("/batches/new");
  await expect(page.getByLabel("Template").locator("option", { hasText: "Describe & tag" })).toHaveCount(1);
}
