import path from "node:path";
import { expect, type Browser, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@loupe.test", password: "correct-horse-battery" };
/** The signed-in admin's cookies, written by setup/first-run.e2e.ts and loaded by every other e2e test. */
export const ADMIN_STATE = path.resolve("test-results/e2e/.auth/admin.json");

/** A fresh browser context signed in as `email` (its own cookies, not the admin's). */
export async function signInAs(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  return page;
}
