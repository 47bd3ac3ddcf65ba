import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_EMULATOR } from "../../lib/emulator/demo-setup";

// The e2e server runs with LOUPE_DEMO: its six Gemini keys are the planted secrets that must never leave the server.
const PLANTED = Object.keys(DEMO_EMULATOR.keys);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

test("the Gemini keys are in no browser bundle, no API response and no page; admins see them masked", async ({ page, request }) => {
  const bundles = filesUnder(path.resolve(".next/static"));
  expect(bundles.length).toBeGreaterThan(10);
  const leaking = bundles.filter((file) => PLANTED.some((key) => readFileSync(file, "latin1").includes(key)));
  expect(leaking).toEqual([]);

  const bodies = await Promise.all(
    ["/api/v1/admin/status", "/api/v1/batches", "/api/v1/templates", "/api/v1/openapi.json", "/api/v1/me", "/api/health", "/api/ready"].map(async (url) => {
      const response = await request.get(url);
      expect(response.status(), url).toBeLessThan(500);
      return response.text();
    }),
  );
  for (const body of bodies) for (const key of PLANTED) expect(body).not.toContain(key);
  const status = JSON.parse(bodies[0]);
  expect(status.keyPool.keys).toHaveLength(PLANTED.length);
  for (const key of status.keyPool.keys) expect(key.maskedKey).toMatch(/^…/);

  await page.goto("/admin/status");
  await expect(page.getByTestId("key-row")).toHaveCount(PLANTED.length);
  const html = await page.content();
  for (const key of PLANTED) expect(html).not.toContain(key);
});

test("/api/ready reports the database, migrations and job engine; /metrics is off without METRICS_TOKEN", async ({ request }) => {
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ ready: true, db: "ok", migrations: "current", jobs: "ok", jobAdapter: "pg-boss" });
  const metrics = await request.get("/metrics");
  expect(metrics.status()).toBe(404);
  expect((await metrics.json()).error.code).toBe("metrics_disabled");
});
