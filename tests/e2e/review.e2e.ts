import { expect, test } from "@playwright/test";
import { makePng } from "./helpers/image-server";

test("review: approve with the keyboard, reject, and edit a result", async ({ page, request }) => {
  const stored = await Promise.all([1, 2, 3].map(async (i) => (await request.post("/api/v1/uploads/images", { data: await makePng(120 + i), headers: { "x-file-name": `review-${i}.png`, "content-type": "image/png" } })).json()));
  const batchId = (await (await request.post("/api/v1/batches", { data: { name: "To review", images: stored } })).json()).batches[0].id;
  await expect.poll(async () => (await (await request.get(`/api/v1/batches/${batchId}`)).json()).status, { timeout: 30_000 }).toBe("completed");

  await page.goto(`/review?batch=${batchId}`);
  const queue = page.getByRole("complementary", { name: "Queue" });
  const first = queue.getByRole("button", { name: /review-1\.png/ });
  await first.click();
  await expect(page.getByLabel("Keyboard shortcuts")).toContainText("approve");
  await page.screenshot({ path: "test-results/screenshots/review.png", fullPage: true });
  await page.keyboard.press("a");
  await expect(first).toContainText("approved");
  await expect(queue.getByRole("button", { name: /review-2\.png/ })).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("r");
  await expect(queue.getByRole("button", { name: /review-2\.png/ })).toContainText("rejected");
  await page.keyboard.press("e");
  const editor = page.getByRole("form", { name: "Edit the result" });
  await editor.getByLabel("caption", { exact: true }).fill("Corrected by a person");
  await editor.getByLabel("tags", { exact: true }).fill("fixed; hand checked");
  await page.screenshot({ path: "test-results/screenshots/review-edit.png", fullPage: true });
  await editor.getByRole("button", { name: "Save and approve" }).click();
  await expect(queue.getByRole("button", { name: /review-3\.png/ })).toContainText("approved");

  // The queue shows a decision at once (optimistically); the server has it once the save's request has finished.
  const statuses = async () => {
    const { images } = await (await request.get(`/api/v1/batches/${batchId}/images`)).json();
    return Object.fromEntries(images.map((image: { name: string; reviewStatus: string }) => [image.name, image.reviewStatus]));
  };
  await expect.poll(statuses, { timeout: 10_000 }).toEqual({ "review-1.png": "approved", "review-2.png": "rejected", "review-3.png": "approved" });
  const { images } = await (await request.get(`/api/v1/batches/${batchId}/images`)).json();
  const edited = await (await request.get(`/api/v1/images/${images[2].id}`)).json();
  // Edited fields change; the others keep the model's values, and the model's original result is kept beside them.
  expect(edited.reviewedResult).toEqual({ ...edited.result, caption: "Corrected by a person", tags: ["fixed", "hand checked"] });
  expect(edited.result.caption).not.toBe("Corrected by a person");
  expect(edited.reviewedAt).toBeTruthy();
});
