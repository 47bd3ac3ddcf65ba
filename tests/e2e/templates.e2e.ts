import { expect, test, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";

// A typical photo as Loupe sends it: 1536×1152 is 4 tiles of 258 tokens at the default media resolution.
const photo = () => sharp({ create: { width: 1536, height: 1152, channels: 3, background: { r: 90, g: 140, b: 200 } } }).jpeg({ quality: 80 }).toBuffer();

// Colours change with a 150 ms transition: let it finish before a screenshot.
async function dark(page: Page) {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForTimeout(400);
}

async function cell(result: Locator, label: string): Promise<number> {
  const text = await result.getByRole("row").filter({ has: result.page().getByRole("rowheader", { name: label, exact: true }) }).getByRole("cell").textContent();
  return Number(text?.replace(/[$,]/g, ""));
}

test("a person chooses model, thinking and media resolution, saves a new version and sees the tokens and cost a try used", async ({ page, request }) => {
  const name = `Shelf check ${Date.now()}`;
  await page.goto("/templates");
  await page.getByRole("button", { name: "New template" }).click();
  const editor = page.getByRole("region", { name: "Template editor" });
  await editor.getByLabel("Name", { exact: true }).fill(name);
  await editor.getByLabel("Instructions for Gemini").fill("Say what is on the shelf.");
  await editor.getByLabel("Field 1 name").fill("summary");

  // A new template starts at the cheapest setting; each choice says what it costs.
  const model = editor.getByLabel("Model", { exact: true });
  const thinking = editor.getByLabel("Thinking", { exact: true });
  const media = editor.getByLabel("Media resolution", { exact: true });
  await expect(thinking).toHaveValue("off");
  await expect(media).toHaveValue("default");
  await expect(model.locator("option", { hasText: "Gemini 2.5 Flash: $0.30 in / $2.50 out per 1M tokens" })).toHaveCount(1);
  await model.selectOption("gemini-2.5-flash");
  await expect(media.locator("option", { hasText: "low: 64 tokens per image" })).toHaveCount(1);
  await expect(media.locator("option", { hasText: "default: 1,032 tokens per image (4 tiles of 258)" })).toHaveCount(1);
  const cost = editor.getByRole("region", { name: "What it costs" });
  await expect(cost).toContainText("per 1,000 images");
  await expect(cost).toContainText("a 4000×3000 photo costs 1,032 tokens and its 1536×1152 copy the same (1,032 = 4 tiles)");
  await expect(editor.getByTestId("thinking-cost")).toHaveText("No thoughts: nothing extra is billed.");
  await expect(editor.getByLabel("Max output tokens")).toHaveAttribute("placeholder", "2,048 (Loupe's default)");
  const offCost = await editor.getByTestId("cost-per-1000").textContent();

  // 2.5 Pro cannot stop thinking: "off" says what it sends.
  await model.selectOption("gemini-2.5-pro");
  await expect(thinking.locator("option", { hasText: "Off (the least Gemini 2.5 Pro allows: 128 tokens)" })).toHaveCount(1);
  await expect(editor.getByTestId("thinking-cost")).toContainText("up to 128 tokens");
  await model.selectOption("gemini-2.5-flash");
  // A budget of its own: a number within the model's range.
  await thinking.selectOption("budget");
  const budget = editor.getByLabel("Thinking budget (tokens)");
  await expect(budget).toHaveValue("1024");
  await budget.fill("2048");
  await expect(editor.getByTestId("thinking-cost")).toContainText("up to 2,048 tokens, ≈ $5.12 per 1,000 images at most");
  await thinking.selectOption("off");
  await expect(budget).toHaveCount(0);
  await editor.getByRole("button", { name: "Create template" }).click();
  await expect(page.getByText(`Created "${name}".`)).toBeVisible();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name }) });
  await expect(card.getByTestId("template-settings")).toHaveText("gemini-2.5-flash · thinking off · media resolution default");

  await page.getByRole("status").filter({ hasText: `Created "${name}".` }).getByRole("button", { name: "Dismiss" }).click();

  // Edit only the settings: dynamic thinking, low media resolution.
  await card.getByRole("button", { name: "Edit" }).click();
  await thinking.selectOption("dynamic");
  await expect(editor.getByTestId("thinking-cost")).toContainText("Thoughts are billed as output: up to 8,192 tokens");
  await expect(editor.getByLabel("Max output tokens")).toHaveAttribute("placeholder", "10,240 (Loupe's default)");
  await media.selectOption("low");
  await expect(editor.getByTestId("cost-per-1000")).not.toHaveText(offCost ?? "");
  await page.screenshot({ path: "/tmp/templates-editor-light.png", fullPage: true });

  // Try with the settings as they stand: thoughts are billed and shown.
  await editor.getByLabel("Sample image", { exact: true }).and(page.locator("input")).setInputFiles({ name: "shelf.jpg", mimeType: "image/jpeg", buffer: await photo() });
  await editor.getByRole("button", { name: "Try it" }).click();
  const result = editor.getByTestId("try-result");
  await expect(result.getByRole("table", { name: "Tokens and cost of this try" })).toBeVisible({ timeout: 20_000 });
  const thoughts = await cell(result, "of which thoughts");
  expect(thoughts).toBeGreaterThan(0);
  expect(await cell(result, "Output tokens")).toBeGreaterThan(thoughts);
  const prompt = await cell(result, "Prompt tokens");
  expect(prompt).toBeGreaterThanOrEqual(64);
  expect(prompt).toBeLessThan(258); // LOW: the image is 64 tokens, not 4 tiles
  expect(await cell(result, "Cost (USD)")).toBeGreaterThan(0);
  await expect(editor.getByTestId("try-sent")).toContainText("thinking dynamic (thinkingBudget -1)");
  await expect(editor.getByTestId("try-sent")).toContainText("MEDIA_RESOLUTION_LOW");
  await expect(result).toContainText('"summary"');
  await page.screenshot({ path: "/tmp/templates-try-light.png", fullPage: true });
  await dark(page);
  await page.screenshot({ path: "/tmp/templates-try-dark.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  // Thinking off: no thoughts at all.
  await thinking.selectOption("off");
  await editor.getByRole("button", { name: "Try it" }).click();
  await expect(editor.getByTestId("try-sent")).toContainText("thinking off (thinkingBudget 0)", { timeout: 20_000 });
  expect(await cell(result, "of which thoughts")).toBe(0);

  await editor.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByText(`Saved "${name}" as a new version.`)).toBeVisible();
  await expect(card).toContainText("version 2");
  await expect(card.getByTestId("template-settings")).toHaveText("gemini-2.5-flash · thinking off · media resolution low");
  const { templates } = await (await request.get("/api/v1/templates")).json();
  const saved = templates.find((template: { name: string }) => template.name === name);
  const detail = await (await request.get(`/api/v1/templates/${saved.id}`)).json();
  expect(detail.versions.map((version: { version: number; thinking: string; mediaResolution: string }) => [version.version, version.thinking, version.mediaResolution])).toEqual([
    [2, "off", "low"],
    [1, "off", "default"],
  ]);
});

test("the Try flow says what to change when Gemini refuses the template, before any batch runs", async ({ page }) => {
  await page.goto("/templates");
  await page.getByRole("button", { name: "New template" }).click();
  const editor = page.getByRole("region", { name: "Template editor" });
  await editor.getByLabel("Instructions for Gemini").fill("Describe the image. EMULATE:schema-unsupported");
  await editor.getByLabel("Sample image", { exact: true }).and(page.locator("input")).setInputFiles({ name: "shelf.jpg", mimeType: "image/jpeg", buffer: await photo() });
  await editor.getByRole("button", { name: "Try it" }).click();
  const alert = editor.getByRole("region", { name: "Try on a sample image" }).getByRole("alert");
  await expect(alert).toContainText("Gemini refused these settings", { timeout: 20_000 });
  await expect(alert).toContainText("Change the template's fields or model settings, then try again.");
  await dark(page);
  await page.screenshot({ path: "/tmp/templates-refusal-dark.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  // The editor's dark mode with the settings and their costs.
  await dark(page);
  await editor.getByLabel("Model", { exact: true }).selectOption("gemini-3-flash-preview");
  await expect(editor.getByLabel("Media resolution", { exact: true }).locator("option", { hasText: "low: 280 tokens per image" })).toHaveCount(1);
  await page.screenshot({ path: "/tmp/templates-editor-dark.png", fullPage: true });
});
