import { expect, request as playwrightRequest, test } from "@playwright/test";
import { baseURL } from "../../playwright.config";
import { signInAs } from "./helpers/accounts";
import { startImageServer } from "./helpers/image-server";

let images: Awaited<ReturnType<typeof startImageServer>>;
test.beforeAll(async () => {
  images = await startImageServer();
});
test.afterAll(async () => images?.close());

test("an admin adds a viewer; the viewer sees no controls that change anything, and the server refuses them anyway", async ({ page, request, browser }) => {
  const created = await request.post("/api/v1/batches", { data: { name: "Viewer can look", urls: [images.url("/img/7.png")], templateId: "local" } });
  expect(created.status()).toBe(201);
  const batchId = (await created.json()).batches[0].id;

  const email = `viewer-${Date.now()}@loupe.test`;
  await page.goto("/admin/users");
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Initial password").fill("viewer-password-1");
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId("user-row").filter({ hasText: email })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/admin-users.png", fullPage: true });

  const viewer = await signInAs(browser, email, "viewer-password-1");
  await expect(viewer.getByTestId("current-role")).toHaveText("viewer");
  const nav = viewer.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Review" })).toHaveCount(0);
  await expect(viewer.getByRole("link", { name: "New batch" })).toHaveCount(0);

  await viewer.goto(`/batches/${batchId}`);
  await expect(viewer.getByRole("heading", { name: "Viewer can look" })).toBeVisible();
  await expect(viewer.getByTestId("count-succeeded")).toHaveText("1", { timeout: 30_000 });
  for (const name of ["Pause", "Cancel", "Delete", "Export", "Retry all failed"]) await expect(viewer.getByRole("button", { name })).toHaveCount(0);
  await viewer.screenshot({ path: "test-results/screenshots/viewer-batch.png", fullPage: true });

  // The server decides, not the buttons: the viewer's own session is refused with 403 and a reason.
  const refused = await viewer.request.delete(`/api/v1/batches/${batchId}`);
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error).toMatchObject({ code: "forbidden", message: expect.stringContaining("analyst") });
  expect((await viewer.request.get(`/api/v1/batches/${batchId}`)).status()).toBe(200);
  await viewer.goto("/admin/status");
  await expect(viewer).toHaveURL(/\/forbidden/);
  await viewer.goto("/batches/new");
  await expect(viewer).toHaveURL(/\/forbidden/);

  // Deactivation applies at once, to a session that is already signed in.
  await page.getByTestId("user-row").filter({ hasText: email }).getByRole("button", { name: "Deactivate" }).click();
  await expect(page.getByTestId("user-row").filter({ hasText: email })).toContainText("Deactivated");
  expect((await viewer.request.get(`/api/v1/batches/${batchId}`)).status()).toBe(401);
  await viewer.context().close();
});

test("an API token is shown once; read scope cannot write; a revoked token is refused", async ({ page }) => {
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill("catalogue sync");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^loupe_/);
  await page.screenshot({ path: "test-results/screenshots/api-token.png", fullPage: true });

  const program = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` }, storageState: { cookies: [], origins: [] } });
  expect((await program.get("/api/v1/batches")).status()).toBe(200);
  const write = await program.post("/api/v1/batches", { data: { name: "nope", urls: [images.url("/img/1.png")], templateId: "local" } });
  expect(write.status()).toBe(403);
  expect((await write.json()).error.code).toBe("insufficient_scope");
  const mint = await program.post("/api/v1/tokens", { data: { name: "more", scopes: ["read"] } });
  expect(mint.status()).toBe(403);

  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await page.getByTestId("token-row").filter({ hasText: "catalogue sync" }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("token-row").filter({ hasText: "catalogue sync" })).toContainText("revoked");
  const afterRevoke = await program.get("/api/v1/batches");
  expect(afterRevoke.status()).toBe(401);
  await program.dispose();

  await page.goto("/admin/audit");
  for (const action of ["token.create", "token.revoke", "user.create"]) await expect(page.getByTestId("audit-row").filter({ hasText: action }).first()).toBeVisible();
});

test("the status page shows the key pool, with a project cooling down after an emulated 429", async ({ page, request }) => {
  const template = await request.post("/api/v1/templates", {
    data: { name: `Rate limited ${Date.now()}`, instructions: "Describe the picture. EMULATE:429", fields: [{ name: "caption", type: "string", required: true }] },
  });
  expect(template.status()).toBe(201);
  const templateId = (await template.json()).id;
  const created = await request.post("/api/v1/batches", { data: { name: "Meets a 429", urls: [images.url("/img/3.png")], templateId } });
  expect(created.status()).toBe(201);
  const batchId = (await created.json()).batches[0].id;
  try {
    await page.goto("/admin/status");
    await expect(page.getByRole("region", { name: "Gemini key pool" })).toBeVisible();
    await expect(page.getByTestId("key-row")).toHaveCount(6);
    await expect(page.getByTestId("key-row").filter({ hasText: "cooling down" }).first()).toBeVisible({ timeout: 30_000 });
    // A rate limit is not a failure: the image waits, queued, and counts no failed attempt.
    const batch = await (await request.get(`/api/v1/batches/${batchId}`)).json();
    expect(batch.counts.failed).toBe(0);
    // Keys are masked everywhere on the page.
    await expect(page.getByTestId("key-row").first()).toContainText("…");
    await page.screenshot({ path: "test-results/screenshots/admin-status.png", fullPage: true });
  } finally {
    await request.post(`/api/v1/batches/${batchId}/cancel`);
  }
});

test("the API docs list every route and the OpenAPI document is served", async ({ page, request }) => {
  const document = await (await request.get("/api/v1/openapi.json")).json();
  expect(document.openapi).toBe("3.1.0");
  expect(document.paths["/batches"].post.requestBody.content["application/json"].schema).toBeTruthy();
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { name: "API", exact: true })).toBeVisible();
  await expect(page.getByText("/api/v1/batches/{id}/retry-failed")).toBeVisible();
});
