import { expect, test } from "@playwright/test";
import { createTemplate, finishedBatch } from "./helpers/results-batch";
import { screenshotsLightAndDark } from "./helpers/screenshots";

interface Row {
  name: string;
  reviewStatus: string;
  reviewReason: string;
  reviewNote: string;
  result: { category: string; confidence: number };
}

test("an auto-approval rule routes confident results past people; the queue says why the rest wait; bulk approve a filtered set", async ({ page, request }) => {
  const template = await createTemplate(request, "Shelf audit routed");

  // The rule, set as a person would on the Review page.
  await page.goto("/review");
  await page.getByText("Routing rules: what is approved without a person").click();
  await page.getByLabel("Template", { exact: true }).selectOption({ label: "Shelf audit routed" });
  const form = page.getByRole("form", { name: "Review rules for Shelf audit routed" });
  await form.getByLabel(/Approve results automatically/).check();
  await form.getByLabel("the confidence field").selectOption("confidence");
  await form.getByLabel("is at least").fill("0.5");
  await screenshotsLightAndDark(page, "review-rules");
  await form.getByRole("button", { name: "Save rules" }).click();
  await expect(page.getByText('Review rules saved for "Shelf audit routed"')).toBeVisible();
  const saved = (await (await request.get(`/api/v1/templates/${template.id}`)).json()) as { reviewRules?: unknown; template?: { reviewRules: unknown } };
  expect(saved.reviewRules ?? saved.template?.reviewRules).toMatchObject({ autoApprove: true, confidenceField: "confidence", threshold: 0.5 });

  const batchId = await finishedBatch(request, { name: "Routed shelf", templateId: template.id, count: 16, seed: 500 });
  const { images } = (await (await request.get(`/api/v1/batches/${batchId}/images`)).json()) as { images: Row[] };
  // Every result fits the template (the emulator answers its schema): the confidence alone decides.
  for (const image of images) expect(image.reviewStatus, `${image.name} at ${image.result.confidence}: ${image.reviewReason}, ${image.reviewNote}`).toBe(image.result.confidence >= 0.5 ? "approved" : "pending_review");
  const waiting = images.filter((image) => image.reviewStatus === "pending_review");
  expect(waiting.length).toBeGreaterThan(1);
  expect(waiting.length).toBeLessThan(16);

  // The queue holds only those, each saying why.
  await page.goto(`/review?batch=${batchId}`);
  await expect(page.getByTestId("selection-count")).toHaveText(`${waiting.length} waiting in this selection`);
  const why = page.getByTestId("review-why");
  await expect(why).toContainText("Why it is here: Confidence below the threshold.");
  await expect(why).toContainText(/confidence 0\.\d+ < 0\.5/);
  await screenshotsLightAndDark(page, "review-why");

  // Bulk: the low-confidence ones of one category.
  const category = waiting[0].result.category;
  const chosen = waiting.filter((image) => image.result.category === category);
  await page.getByLabel("Why").selectOption("low_confidence");
  await page.getByRole("region", { name: "Selection" }).getByLabel("Where").fill(`category = ${category}`);
  await page.getByRole("region", { name: "Selection" }).getByLabel("Where").press("Enter");
  await expect(page.getByTestId("selection-count")).toHaveText(`${chosen.length} waiting in this selection`);
  await page.getByRole("button", { name: `Approve all ${chosen.length}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Approve all ${chosen.length}?` })).toBeVisible();
  await screenshotsLightAndDark(page, "review-bulk-confirm");
  await page.getByRole("button", { name: `Yes, approve ${chosen.length}` }).click();
  await expect(page.getByText(`${chosen.length} results approved.`)).toBeVisible();
  await expect(page.getByTestId("selection-count")).toHaveText("0 waiting in this selection");

  const after = (await (await request.get(`/api/v1/batches/${batchId}/images`)).json()).images as Row[];
  const stillWaiting = after.filter((image) => image.reviewStatus === "pending_review").map((image) => image.name).sort();
  expect(stillWaiting).toEqual(waiting.filter((image) => image.result.category !== category).map((image) => image.name).sort());

  // The batch page's results table shows the review state and filters on it.
  await page.goto(`/batches/${batchId}`);
  const table = page.getByRole("region", { name: "Results" });
  await table.getByRole("combobox", { name: "Review" }).selectOption("pending_review");
  await expect(table.getByTestId("image-row")).toHaveCount(stillWaiting.length);
});
