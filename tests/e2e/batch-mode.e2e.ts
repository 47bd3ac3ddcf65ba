import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_EMULATOR, demoKeysEnv } from "../../lib/emulator/demo-setup";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { ADMIN } from "./helpers/accounts";
import { makePng } from "./helpers/image-server";
import { screenshotsLightAndDark } from "./helpers/screenshots";

// Batch API mode as a person uses it. A private server (as crash.e2e.ts runs one) against an emulator of this test's own,
// so the test sets how long Google keeps a job PENDING and RUNNING: slow enough to watch the states move and to cancel a
// job while Google still has it. The engine polls every 0.2 s (GEMINI_BATCH_POLL_SECONDS).
const PORT = Number(process.env.E2E_PORT ?? 3217) + 3;
const base = `http://127.0.0.1:${PORT}`;
const TIMING = { pendingMs: 2500, runningMs: 3000 };

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

let emulator: GeminiEmulator;
let server: ChildProcess;
let dataDir: string;

async function waitFor(probe: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error("the private server did not start in time");
    await new Promise((r) => setTimeout(r, 300));
  }
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  emulator = await startGeminiEmulator({ ...DEMO_EMULATOR, port: 0, batch: TIMING });
  dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-batch-mode-e2e-"));
  server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: path.resolve("."),
    detached: true, // its own process group: one kill ends the app, its worker and its PostgreSQL
    stdio: "ignore",
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
      LOUPE_DEMO: "off",
      GEMINI_API_KEYS: demoKeysEnv(),
      GEMINI_BASE_URL: emulator.url,
      GEMINI_RPM: "60", // the demo emulator's projects: 60 a minute and 100,000 a day each
      GEMINI_RPD: "100000",
      GEMINI_BATCH_POLL_SECONDS: "0.2",
    },
  });
  await waitFor(() => fetch(`${base}/api/health`).then((r) => r.ok), 180_000);
  const setup = await fetch(`${base}/api/v1/setup`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ADMIN) });
  expect(setup.status, await setup.text()).toBe(201);
});

test.afterAll(async () => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  await new Promise((r) => setTimeout(r, 3000));
  await emulator?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function signedIn(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  return page;
}

/** The new-batch page with `count` images dropped in, named, with the Describe & tag template. */
async function newBatchWithImages(page: Page, name: string, count: number, seed: number) {
  await page.goto("/batches/new");
  await expect(page.getByLabel("Template").locator("option", { hasText: "Describe & tag" })).toHaveCount(1);
  const files = await Promise.all(Array.from({ length: count }, async (_, i) => ({ name: `${name.toLowerCase().replace(/\W+/g, "-")}-${i}.png`, mimeType: "image/png", buffer: await makePng(seed + i) })));
  await page.getByTestId("dropzone-input").setInputFiles(files);
  await expect(page.getByText(`${count} images ready`)).toBeVisible();
  await page.getByLabel("Template").selectOption({ label: "Describe & tag" });
  await page.getByLabel("Batch name").fill(name);
}

test("choose the Batch API on the new-batch page, watch the remote job go PENDING → RUNNING → SUCCEEDED, results at half price", async ({ browser }) => {
  const page = await signedIn(browser);
  await newBatchWithImages(page, "Night shoot", 6, 300);

  // How to run it: three labelled radios, both estimates side by side; interactive is the server's default.
  const how = page.getByRole("group", { name: "How to run it" });
  const interactive = how.getByRole("radio", { name: /^Interactive/ });
  const batchApi = how.getByRole("radio", { name: /^Batch API/ });
  const auto = how.getByRole("radio", { name: /^Auto/ });
  await expect(interactive).toBeChecked();
  await expect(page.getByTestId("mode-interactive-figures")).toContainText(/Cost≈ \$0\.\d+Timeunder a minute at \d+ images\/min/);
  await expect(page.getByTestId("mode-batch-figures")).toContainText(/Cost≈ \$0\.\d+Timewithin 24 h/);
  await expect(page.getByTestId("auto-choice")).toHaveText(/^Interactive: under a minute at \d+ images\/min is within the 2 h threshold \(GEMINI_AUTO_BATCH_MINUTES\)\.$/);
  const price = async (mode: string) => Number((await page.getByTestId(`mode-${mode}-figures`).locator("dd").first().textContent())!.replace(/[^\d.]/g, ""));
  expect(await price("batch")).toBeCloseTo((await price("interactive")) / 2, 3);

  // Keyboard: arrow keys move between the choices.
  await interactive.focus();
  await page.keyboard.press("ArrowRight");
  await expect(batchApi).toBeChecked();
  await page.keyboard.press("ArrowRight");
  await expect(auto).toBeChecked();
  await page.keyboard.press("ArrowLeft");
  await expect(batchApi).toBeChecked();
  const estimate = page.getByRole("region", { name: "Estimate" });
  await expect(estimate.getByTestId("estimate-time")).toHaveText("within 24 h");
  await expect(estimate).toContainText("Cost (Batch API)");
  await screenshotsLightAndDark(page, "batch-mode-new-batch");

  await page.getByRole("button", { name: "Create batch" }).click();
  await expect(page.getByRole("heading", { name: "Night shoot" })).toBeVisible();
  await expect(page.getByTestId("batch-mode")).toHaveText("Batch API, half price");

  // The remote job appears and its Google state moves; the page's polling refreshes it.
  const jobs = page.getByRole("region", { name: "Remote jobs" });
  const state = jobs.getByTestId("remote-job-state");
  const seen: string[] = [];
  await expect
    .poll(
      async () => {
        const now = (await state.count()) ? ((await state.first().textContent()) ?? "") : "";
        if (now && seen.at(-1) !== now) seen.push(now);
        if (now === "RUNNING" && !seen.includes("screenshot")) {
          seen.push("screenshot");
          await screenshotsLightAndDark(page, "batch-mode-running");
        }
        return now;
      },
      { timeout: 60_000, intervals: [200] },
    )
    .toBe("SUCCEEDED");
  const googleStates = seen.filter((word) => /^[A-Z]+$/.test(word));
  expect(googleStates).toContain("PENDING");
  expect(googleStates).toContain("RUNNING");
  expect(googleStates.at(-1)).toBe("SUCCEEDED");
  expect(googleStates.indexOf("PENDING")).toBeLessThan(googleStates.indexOf("RUNNING"));

  // The results are Loupe's: every image succeeded, the job's counts add up, and nothing more is to be done.
  await expect(page.getByTestId("percent-done")).toHaveText("100%", { timeout: 30_000 });
  await expect(page.getByTestId("count-succeeded")).toHaveText("6");
  await expect(page.getByTestId("count-failed")).toHaveText("0");
  const row = jobs.getByTestId("remote-job");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(/batches\/\S+/);
  await expect(jobs.getByTestId("remote-job-succeeded")).toHaveText("6");
  await expect(jobs.getByTestId("remote-job-next")).toHaveText("Done");
  await expect(page.getByText("completed", { exact: true }).first()).toBeVisible();
  await screenshotsLightAndDark(page, "batch-mode-succeeded");

  // At the batch price: Google billed these tokens through the Batch API, none interactively.
  const google = emulator.stats();
  expect(google.batch.requestsAnswered).toBe(6);
  expect(google.batch.states.SUCCEEDED).toBe(1);
  expect(Object.values(google.projects).reduce((n, project) => n + project.accepted, 0)).toBe(0);
  await page.context().close();
});

test("cancel a batch while Google holds its remote job PENDING: the job is cancelled at Google and on the page", async ({ browser }) => {
  emulator.configure({ batch: { ...TIMING, pendingMs: 600_000 } }); // Google is in no hurry today
  const page = await signedIn(browser);
  await newBatchWithImages(page, "Cancelled shoot", 3, 400);
  await page.getByRole("group", { name: "How to run it" }).getByRole("radio", { name: /^Batch API/ }).check();
  await page.getByRole("button", { name: "Create batch" }).click();
  await expect(page.getByRole("heading", { name: "Cancelled shoot" })).toBeVisible();

  const jobs = page.getByRole("region", { name: "Remote jobs" });
  await expect(jobs.getByTestId("remote-job-state")).toHaveText("PENDING", { timeout: 30_000 });
  await expect(jobs.getByTestId("remote-job-next")).toHaveText(/^Waiting for Google; falls back to interactive calls at .+ if not done$/);
  await expect(page.getByTestId("percent-done")).toHaveText("0%");
  await screenshotsLightAndDark(page, "batch-mode-pending");

  await page.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(page.getByText("Cancelled: Loupe cancels the remote jobs at Google; finished results are kept.")).toBeVisible();
  await expect(jobs.getByTestId("remote-job-next")).toHaveText("Cancelled", { timeout: 30_000 });
  await expect(jobs.getByTestId("remote-job-state")).toHaveText("CANCELLED"); // Google's own word once the cancel went through
  await expect(page.getByTestId("count-cancelled")).toHaveText("3");
  await expect(page.getByTestId("count-queued")).toHaveText("0");
  await expect(page.getByText("cancelled", { exact: true }).first()).toBeVisible();
  expect(emulator.stats().batch.states.CANCELLED).toBe(1);
  await screenshotsLightAndDark(page, "batch-mode-cancelled");
  await page.context().close();
});

test("a million-row CSV: interactive would take days past the daily quota, so the page says the Batch API is the way and Auto picks it", async ({ browser }) => {
  const page = await signedIn(browser);
  await page.goto("/batches/new");
  await expect(page.getByLabel("Template").locator("option", { hasText: "Describe & tag" })).toHaveCount(1);
  const rows = Array.from({ length: 1_000_000 }, (_, i) => `SKU${String(i).padStart(7, "0")},https://cdn.example.com/p/${String(i).padStart(7, "0")}.jpg`);
  await page.getByTestId("dropzone-input").setInputFiles({ name: "catalogue.csv", mimeType: "text/csv", buffer: Buffer.from(["sku,image_url", ...rows].join("\n")) });
  await page.getByLabel("Template").selectOption({ label: "Describe & tag" });
  await expect(page.getByTestId("estimate-images")).toHaveText(/^≈ 1,000,000$/, { timeout: 30_000 });

  // Three demo projects of 100,000 requests a day: past the day's quota, auto chooses the Batch API and says why.
  await expect(page.getByTestId("auto-choice")).toHaveText("Batch API: 1,000,000 images are more than your keys' daily quota (300,000 a day).");
  await expect(page.getByTestId("mode-interactive-figures")).toContainText(/≈ 3\.\d days at 180 images\/min/);
  await expect(page.getByTestId("mode-batch-figures")).toContainText(/rounds of up to 24 h/);
  const advice = page.getByTestId("batch-recommended");
  await expect(advice).toContainText("The Batch API is the way: half the price");
  await expect(advice).toContainText("and what Auto would choose");
  await page.getByRole("radio", { name: /^Auto/ }).check();
  await expect(page.getByRole("region", { name: "Estimate" }).getByTestId("estimate-time")).toHaveText(/rounds of up to 24 h/);
  await screenshotsLightAndDark(page, "batch-mode-million");
  await page.context().close();
});
