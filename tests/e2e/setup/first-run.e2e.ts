import { expect, test } from "@playwright/test";
import { ADMIN, ADMIN_STATE } from "../helpers/accounts";

// Runs before every other e2e file (Playwright project dependency), on the e2e server's fresh database: the very first visit
// leads to creating the first admin; then sign out and in again; the signed-in state is what the other tests start from.
test("first run: setup creates the first admin, then sign out and sign in", async ({ page, request }) => {
  await page.goto("/batches");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Loupe" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/setup.png", fullPage: true });

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Password again").fill("short");
  await page.getByRole("button", { name: "Create admin account" }).click();
  // The browser's own minlength check or the server's message: either way nothing is created with a weak password.
  await expect(page).toHaveURL(/\/setup$/);

  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Password again").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByTestId("current-role")).toHaveText("admin");

  // Setup is closed now: the page sends people to sign-in, and the API refuses a second admin.
  const again = await request.post("/api/v1/setup", { data: { email: "intruder@example.com", password: "another-long-password" } });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.code).toBe("already_set_up");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/admin/status");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin%2Fstatus/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("wrong-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not right" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/signin-error.png", fullPage: true });
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/status$/);
  await expect(page.getByRole("heading", { name: "System status" })).toBeVisible();
  await page.context().storageState({ path: ADMIN_STATE });
});
