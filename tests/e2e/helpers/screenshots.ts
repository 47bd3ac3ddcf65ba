import type { Page } from "@playwright/test";

/** The page in light and in dark, for a person to look at (test-results/screenshots/<name>-<scheme>.png). */
export async function screenshotsLightAndDark(page: Page, name: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(400); // colours change with a transition: let it end
    await page.screenshot({ path: `test-results/screenshots/${name}-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}
