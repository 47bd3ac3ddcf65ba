import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { s3Client } from "../../lib/storage/s3-client";
import { startS3Server, type S3TestServer } from "../helpers/s3-server";
import { ADMIN } from "./helpers/accounts";
import { makePng } from "./helpers/image-server";
import { openNewBatchPage } from "./helpers/new-batch-page";
import { screenshotsLightAndDark } from "./helpers/screenshots";

// A server whose storage is a bucket (STORAGE_URL=s3://…) on an S3-speaking server of this test's own: a person imports a
// bucket prefix from the new-batch page, watches it finish, adds a photo to the bucket and syncs; and an image dropped on
// the page is stored in the bucket, not on this machine's disk.
const PORT = Number(process.env.E2E_PORT ?? 3217) + 7;
const base = `http://127.0.0.1:${PORT}`;

test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

let s3: S3TestServer;
let server: ChildProcess;
let dataDir: string;
const client = () => s3Client({ endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true });
const put = async (key: string, body: Buffer) => client().send(new PutObjectCommand({ Bucket: "shop-photos", Key: key, Body: body }));

test.beforeAll(async () => {
  test.setTimeout(240_000);
  s3 = await startS3Server(["loupe-files", "shop-photos"]);
  dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-bucket-e2e-"));
  server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: path.resolve("."),
    detached: true,
    stdio: "ignore",
    env: { ...process.env, PORT: String(PORT), HOST: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "warn", LOUPE_DEMO: "off", ...s3.env("loupe-files", "e2e") },
  });
  const deadline = Date.now() + 200_000;
  while (!(await fetch(`${base}/api/health`).then((r) => r.ok).catch(() => false))) {
    if (Date.now() > deadline) throw new Error("the private server did not start in time");
    await new Promise((r) => setTimeout(r, 300));
  }
  const setup = await fetch(`${base}/api/v1/setup`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ADMIN) });
  expect(setup.status, await setup.text()).toBe(201);
  for (let i = 0; i < 3; i++) await put(`spring/look-${i}.png`, await makePng(40 + i));
  await put("spring/notes.txt", Buffer.from("not an image"));
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
  await s3?.stop();
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

test("import a bucket prefix from the new-batch page, then sync a photo added later", async ({ browser }) => {
  const page = await signedIn(browser);
  await openNewBatchPage(page);
  const source = page.getByLabel("…or import every image under a bucket prefix");
  await expect(source).toBeEnabled();
  await source.fill("s3://shop-photos/spring/");
  await page.getByLabel("Batch name").fill("Spring looks");
  await screenshotsLightAndDark(page, "bucket-new-batch");
  await page.getByRole("button", { name: "Create batch" }).click();
  await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Spring looks", exact: true })).toBeVisible();
  await expect(page.getByText(/completed/i).first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText("look-0.png")).toBeVisible();

  await put("spring/look-3.png", await makePng(77));
  await page.getByRole("button", { name: "Sync from bucket" }).click();
  await expect(page.getByText("1 image added from the bucket.")).toBeVisible();
  await expect(page.getByText("look-3.png")).toBeVisible({ timeout: 30_000 });
  await screenshotsLightAndDark(page, "bucket-synced");

  // The viewer streams an imported image from its bucket.
  const images = await page.request.get(`/api/v1/batches/${page.url().split("/").pop()}/images`);
  const first = (await images.json()).images[0];
  const file = await page.request.get(`/api/v1/images/${first.id}/file`);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-type"]).toBe("image/png");
});

test("an image dropped on the page is kept in the bucket, and a bad prefix is refused with its reason", async ({ browser }) => {
  const page = await signedIn(browser);
  await openNewBatchPage(page);
  await page.getByLabel("…or import every image under a bucket prefix").fill("s3://no-such-bucket/x/");
  await page.getByRole("button", { name: "Create batch" }).click();
  await expect(page.getByText('The bucket "no-such-bucket" does not exist')).toBeVisible();
  await page.getByLabel("…or import every image under a bucket prefix").fill("");

  const png = await makePng(91);
  await page.getByTestId("dropzone-input").setInputFiles({ name: "dropped.png", mimeType: "image/png", buffer: png });
  await expect(page.getByText("1 image ready")).toBeVisible();
  const { createHash } = await import("node:crypto");
  const sha = createHash("sha256").update(png).digest("hex");
  const head = await client().send(new HeadObjectCommand({ Bucket: "loupe-files", Key: `e2e/uploads/${sha.slice(0, 2)}/${sha}` }));
  expect(head.ContentLength).toBe(png.length);
});

test("a Shopify product export is recognised: the mapping is preset, editable, and its images become the batch", async ({ browser }) => {
  const page = await signedIn(browser);
  await openNewBatchPage(page);
  const csv = [
    "Handle,Title,Body (HTML),Vendor,Variant SKU,Variant Price,Image Src,Image Position,Image Alt Text,Variant Image,Status",
    "linen-shirt,Linen Shirt,<p>Linen</p>,Acme,LS-S,49.00,https://cdn.example.com/shirt-front.jpg,1,Front,,active",
    "linen-shirt,,,,LS-M,49.00,https://cdn.example.com/shirt-back.jpg,2,,https://cdn.example.com/shirt-detail.jpg,",
    "canvas-tote,Canvas Tote,<p>Canvas</p>,Acme,CT-1,25.00,https://cdn.example.com/tote.jpg,1,,,active",
  ].join("\n");
  await page.getByTestId("dropzone-input").setInputFiles({ name: "products_export_1.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByLabel("Rows are")).toHaveValue("shopify");
  await expect(page.getByText(/every Image Src \(and Variant Image\) becomes an image/)).toBeVisible();
  await expect(page.getByLabel("Image URL column")).toHaveValue("Image Src");
  await expect(page.getByLabel("External id column")).toHaveValue("Handle");
  await screenshotsLightAndDark(page, "bucket-shopify-mapping");
  await page.getByRole("button", { name: "Create batch" }).click();
  await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "products_export_1", exact: true })).toBeVisible();
  // Three rows, four images: the second row's Variant Image is an image of its own.
  await expect(page.getByText(/of 4 images/)).toBeVisible();
});
