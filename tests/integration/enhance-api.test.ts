import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appContext } from "../../lib/server/app-context";
import { apiAuthHeaders } from "../helpers/api-auth";
import { startAnalysisRig } from "../helpers/analysis-rig";
import { expectCountersMatchRows, waitForBatchToFinish } from "../helpers/batch-checks";
import { callRoute } from "../helpers/call-route";
import { gradientImage } from "../helpers/transform-images";
import { unzip } from "../helpers/unzip";

// Seed 003 through the real routes: products in bulk → the real worker and the emulator's image model make variants →
// review → a ZIP of exactly the approved variants (read back with yauzl, every file decoded with sharp) → regenerate.
const BASE = "http://127.0.0.1:3000/api/v1";
const KEY = "AIzaEnhanceApiKey000000000000000000001";
type Rig = Awaited<ReturnType<typeof startAnalysisRig>>;

interface Variant { id: string; url: string; status: string; width: number; height: number; generation: number; position: number }

describe("seed 003: products in bulk, variants, review, ZIP", () => {
  let rig: Rig;
  let auth: Record<string, string>;
  let host: http.Server;
  let hostUrl = "";
  const call = (path: string, init: RequestInit & { json?: unknown } = {}) =>
    callRoute(new Request(`${BASE}${path}`, { ...init, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}), headers: { ...auth, "content-type": "application/json", ...init.headers } }));
  const variantsOf = async (id: string) => (await (await call(`/images/${id}`)).json()) as { productStatus: string; variants: Variant[]; status: string; lastErrorMessage: string | null };

  beforeAll(async () => {
    const photos = new Map<string, Buffer>([["/mug.jpg", await gradientImage(1200, 900)], ["/lamp.jpg", await gradientImage(800, 1000)], ["/vase.png", await gradientImage(700, 700, "png", { alpha: true })]]);
    host = http.createServer((request, response) => {
      const photo = photos.get(request.url ?? "");
      if (!photo) return response.writeHead(404).end();
      response.writeHead(200, { "content-type": request.url!.endsWith(".png") ? "image/png" : "image/jpeg" }).end(photo);
    });
    await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    rig = await startAnalysisRig({ keys: { [KEY]: "enhance-api" }, prefix: "loupe-enhance-api-", env: { FETCH_ALLOWLIST: "127.0.0.1" } });
    Object.assign(process.env, { DATABASE_URL: rig.database.url, DATA_DIR: rig.dataDir, WORKER: "off", GEMINI_API_KEYS: `enhance-api:${KEY}`, GEMINI_BASE_URL: rig.emulator.url, FETCH_ALLOWLIST: "127.0.0.1" });
    auth = await apiAuthHeaders(rig.database.url, "admin");
  }, 60_000);
  afterAll(async () => {
    await (await appContext().jobs()).stop();
    await rig?.close();
    await new Promise((resolve) => host?.close(resolve));
  });

  it("creates, makes, reviews, exports exactly the approved variants, and regenerates with an edited instruction", async () => {
    const template = await rig.db.analysisTemplate.findUniqueOrThrow({ where: { name: "Product on white" } });
    const analysis = await rig.db.analysisTemplate.findUniqueOrThrow({ where: { name: "Describe & tag" } });
    // Refusals first: nothing is stored.
    const notEnhance = await call("/products/bulk", { method: "POST", json: { templateId: analysis.id, products: [{ raw_image: `${hostUrl}/mug.jpg` }] } });
    expect(notEnhance.status).toBe(400);
    expect((await notEnhance.json()).error.code).toBe("not_an_enhance_template");
    const badUrl = await call("/products/bulk", { method: "POST", json: { templateId: template.id, products: [{ sku: "A", raw_image: `${hostUrl}/mug.jpg` }, { sku: "B", raw_image: "ftp://example.com/b.jpg" }] } });
    expect(badUrl.status).toBe(400);
    expect((await badUrl.json()).error.message).toMatch(/products\[1\]/);
    expect(await rig.db.image.count()).toBe(0);

    const products = [
      { sku: "MUG-01", category: "kitchen", raw_image: `${hostUrl}/mug.jpg`, mrp: 499, price: 399, discount: 20, gst: 18, colour: "blue" },
      { sku: "LAMP-07", category: "lighting", raw_image: `${hostUrl}/lamp.jpg`, mrp: "1299.00", price: 999 },
      { sku: "VASE-3", raw_image: `${hostUrl}/vase.png`, gst: 12 },
    ];
    const created = await call("/products/bulk", { method: "POST", json: { templateId: template.id, name: "Spring catalogue", products } });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { batchId: string; created: number; products: { id: string; sku: string; status: string }[] };
    expect(body).toMatchObject({ created: 3, products: products.map((product) => ({ sku: product.sku, status: "pending", id: expect.stringMatching(/^\d+$/) })) });
    await waitForBatchToFinish(rig.db, body.batchId);
    const done = await rig.db.batch.findUniqueOrThrow({ where: { id: body.batchId } });
    const failures = await rig.db.image.findMany({ where: { batchId: body.batchId, status: "failed" }, select: { name: true, lastErrorMessage: true } });
    expect(failures).toEqual([]);
    expect(done).toMatchObject({ status: "completed", succeededCount: 3, model: "gemini-2.5-flash-image" });
    await expectCountersMatchRows(rig.db, body.batchId);

    const [mug, lamp, vase] = await Promise.all(body.products.map((product) => variantsOf(product.id)));
    for (const product of [mug, lamp, vase]) {
      expect(product.productStatus).toBe("pending_review");
      expect(product.variants.map((variant) => [variant.position, variant.status, variant.width, variant.height, variant.generation])).toEqual([
        [1, "pending", 1024, 1024, 1],
        [2, "pending", 1024, 1024, 1],
        [3, "pending", 1024, 1024, 1],
      ]);
    }
    const image = await call(mug.variants[0].url.replace("/api/v1", ""));
    expect(image.headers.get("content-type")).toBe("image/png");

    // Review: MUG approves its second variant, LAMP rejects all three, VASE approves its first and third.
    const review = (variant: Variant, decision: "approve" | "reject") => call(`/variants/${variant.id}/review`, { method: "POST", json: { decision } }).then((response) => response.json());
    expect(await review(mug.variants[1], "approve")).toMatchObject({ status: "approved", productStatus: "approved" });
    await review(mug.variants[0], "reject");
    for (const variant of lamp.variants) await review(variant, "reject");
    await review(vase.variants[0], "approve");
    await review(vase.variants[2], "approve");
    expect((await variantsOf(body.products[0].id)).productStatus).toBe("approved");
    expect((await variantsOf(body.products[1].id)).productStatus).toBe("rejected");
    expect((await call("/variants/999999/review", { method: "POST", json: { decision: "approve" } })).status).toBe(404);
    expect((await call(`/variants/${vase.variants[1].id}/review`, { method: "POST", json: { decision: "maybe" } })).status).toBe(400);

    // The ZIP holds exactly the approved variants, named after the SKU and the variant's number, each a valid PNG.
    const zip = await call(`/batches/${body.batchId}/export?format=zip&variants=approved`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    const files = await unzip(Buffer.from(await zip.arrayBuffer()));
    expect([...files.keys()].sort()).toEqual(["MUG-01-v2.png", "VASE-3-v1.png", "VASE-3-v3.png", "manifest.csv"]);
    for (const [name, bytes] of files) {
      if (name === "manifest.csv") continue;
      expect(await sharp(bytes).metadata(), name).toMatchObject({ format: "png", width: 1024, height: 1024 });
    }
    const approvedIds = [mug.variants[1], vase.variants[0], vase.variants[2]].map((variant) => variant.id);
    const stored = await rig.db.imageOutput.findMany({ where: { id: { in: approvedIds.map(BigInt) } } });
    const zipped = [...files.entries()].filter(([name]) => name.endsWith(".png")).map(([, bytes]) => bytes.length).sort();
    expect(zipped).toEqual(stored.map((output) => output.bytes).sort());

    // CSV: the products' fields carried, their state and the approved variants' URLs.
    const csv = await (await call(`/batches/${body.batchId}/export?format=csv`)).text();
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    for (const column of ["sku", "category", "mrp", "price", "discount", "gst", "colour", "product_status", "approved_variant_urls", "variant_urls", "variants_approved"]) expect(header.split(",")).toContain(column);
    const mugLine = lines.find((line) => line.includes("MUG-01"))!;
    expect(mugLine).toContain("kitchen");
    expect(mugLine).toContain("approved");
    expect(mugLine).toContain(`/api/v1/outputs/${mug.variants[1].id}/file`);

    // Regenerate LAMP with an edited instruction: a new generation of three, the rejected ones kept.
    const imagesBefore = rig.emulator.stats().images;
    const regenerated = await call(`/images/${body.products[1].id}/regenerate`, { method: "POST", json: { instructions: "The lamp switched on, on white." } });
    expect(regenerated.status).toBe(200);
    expect(await regenerated.json()).toMatchObject({ generation: 2, productStatus: "pending" });
    expect((await call(`/images/${body.products[1].id}/regenerate`, { method: "POST", json: {} })).status).toBe(409);
    await waitForBatchToFinish(rig.db, body.batchId);
    await expectCountersMatchRows(rig.db, body.batchId);
    const again = await variantsOf(body.products[1].id);
    expect(again.productStatus).toBe("pending_review");
    expect(again.variants.map((variant) => [variant.generation, variant.position, variant.status])).toEqual([
      [2, 1, "pending"], [2, 2, "pending"], [2, 3, "pending"],
      [1, 1, "rejected"], [1, 2, "rejected"], [1, 3, "rejected"],
    ]);
    expect(rig.emulator.stats().images - imagesBefore).toBe(3);
    const lampRow = await rig.db.image.findUniqueOrThrow({ where: { id: BigInt(body.products[1].id) }, include: { outputs: true } });
    expect(lampRow.costMicros).toBe(lampRow.outputs.reduce((sum, output) => sum + output.costMicros, 0));
    expect(lampRow.enhanceInstructions).toBe("The lamp switched on, on white.");
    // Nothing new approved: the approved ZIP is the same three files.
    const zipAgain = await unzip(Buffer.from(await (await call(`/batches/${body.batchId}/export?format=zip&variants=approved`)).arrayBuffer()));
    expect(zipAgain.size).toBe(4);
  }, 120_000);

  it("a CSV with an image-URL column and an enhance template makes the same products (their columns carried)", async () => {
    const template = await rig.db.analysisTemplate.findUniqueOrThrow({ where: { name: "Product on white" } });
    const csv = `sku,photo,price\nCUP-9,${hostUrl}/mug.jpg,249\n`;
    const upload = await call("/uploads/csv", { method: "POST", body: csv, headers: { "x-file-name": "feed.csv", "content-type": "text/csv" } });
    expect(upload.status).toBe(201);
    const { uploadId } = (await upload.json()) as { uploadId: string };
    const created = await call("/batches", { method: "POST", json: { uploadId, templateId: template.id, name: "From a feed", mapping: { url: "photo", name: "sku", externalId: "sku", carry: ["price"] } } });
    expect(created.status).toBe(201);
    const batchId = ((await created.json()) as { batches: { id: string }[] }).batches[0].id;
    await waitForBatchToFinish(rig.db, batchId);
    const [product] = (await (await call(`/batches/${batchId}/products`)).json()).products as { sku: string; productStatus: string; variants: Variant[] }[];
    expect(product).toMatchObject({ sku: "CUP-9", productStatus: "pending_review" });
    expect(product.variants).toHaveLength(3);
    const exported = await (await call(`/batches/${batchId}/export?format=json`)).json();
    expect(JSON.stringify(exported)).toContain("249");
  }, 60_000);
});
