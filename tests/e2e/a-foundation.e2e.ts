import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";

// Runs first (the file sorts before the others), on the fresh database of the e2e server.
test("with no batches yet, the dashboard leads to creating the first one", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "No batches yet" })).toBeVisible();
  await page.getByRole("link", { name: "Create your first batch" }).click();
  await expect(page).toHaveURL(/\/batches\/new$/);
  await expect(page.getByRole("heading", { name: "New batch" })).toBeVisible();
});

test("the home page says what Loupe is and shows the navigation", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText(/analyses images in bulk with Google Gemini/)).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of ["Dashboard", "Batches", "Templates", "Review", "Admin"]) {
    await expect(nav.getByRole("link", { name: label })).toBeVisible();
  }
  await expect(nav.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
  await page.screenshot({ path: "test-results/screenshots/home.png", fullPage: true });
});

test("the navigation leads to the batches page, which leads to creating a batch", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Batches" }).click();
  await expect(page).toHaveURL(/\/batches$/);
  await expect(page.getByRole("heading", { name: "Batches", exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/batches.png", fullPage: true });
  await page.getByRole("link", { name: "New batch" }).click();
  await expect(page).toHaveURL(/\/batches\/new$/);
});

test("/api/health reports the database and migrations as ok", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ status: "ok", db: "ok", migrations: "current" });
  expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
});

test("an invalid environment value stops startup with a message naming it", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: path.resolve("."),
    env: { ...process.env, PORT: "not-a-port", MAX_BATCH_SIZE: "-5", DATABASE_URL: "" },
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  expect(code).toBe(78);
  expect(output).toMatch(/PORT must be a whole number between 1 and 65535 \(got "not-a-port"\)/);
  expect(output).toMatch(/MAX_BATCH_SIZE must be a whole number/);
  expect(output).not.toMatch(/Loupe is running/);
});
