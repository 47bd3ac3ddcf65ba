import http from "node:http";
import type { AddressInfo } from "node:net";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTemplate } from "../../lib/templates/manage-templates";
import { apiAuthHeaders } from "../helpers/api-auth";
import { startAnalysisRig } from "../helpers/analysis-rig";
import { callRoute } from "../helpers/call-route";
import { noiseImage } from "../helpers/fault-setup";

// Shopify product exports and Google Merchant feeds (CSV, TSV, XML) as people have them: imported (every image an image
// with its product's id, title and position), analysed through the emulator, exported as a Shopify CSV that imports
// back and as a Merchant supplemental feed, and the exports parsed.
const KEYS = { AIzaFeedKeyA000000000000000000000000: "feeds" };
const FIELDS = [
  { name: "alt_text", type: "string" as const, required: true },
  { name: "seo_title", type: "string" as const, required: true },
  { name: "seo_description", type: "string" as const, required: true },
];

describe("commerce feeds in and out", () => {
  let rig: Awaited<ReturnType<typeof startAnalysisRig>>;
  let images: http.Server;
  let host = "";
  let auth: Record<string, string>;
  let templateId = "";
  const api = (method: string, route: string, body?: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
    callRoute(new Request(`http://127.0.0.1/api/v1${route}`, { method, headers: { ...auth, ...headers }, body: typeof body === "string" ? body : body === undefined ? undefined : JSON.stringify(body) }));

  beforeAll(async () => {
    const photos = new Map<string, Buffer>();
    images = http.createServer(async (request, response) => {
      const path = request.url ?? "/";
      if (!photos.has(path)) photos.set(path, await noiseImage(40 + photos.size));
      response.writeHead(200, { "content-type": "image/png" }).end(photos.get(path));
    });
    await new Promise<void>((resolve) => images.listen(0, "127.0.0.1", resolve));
    host = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    const env = { FETCH_ALLOWLIST: "127.0.0.1", WORKER: "off", GEMINI_QUOTA_WINDOW_SECONDS: "60" };
    rig = await startAnalysisRig({ keys: KEYS, env, prefix: "loupe-feeds-" });
    Object.assign(process.env, env, { DATABASE_URL: rig.database.url, DATA_DIR: rig.dataDir, GEMINI_API_KEYS: `feeds:${Object.keys(KEYS)[0]}`, GEMINI_BASE_URL: rig.emulator.url });
    auth = await apiAuthHeaders(rig.database.url, "analyst");
    templateId = (await createTemplate(rig.db, { name: "Product photo copy", instructions: "Write alt text, an SEO title and an SEO description for this product photo.", fields: FIELDS })).id;
  }, 120_000);
  afterAll(async () => {
    await rig?.close();
    await new Promise((resolve) => images?.close(resolve));
  });

  async function importFeed(fileName: string, body: string) {
    const upload = await api("POST", "/uploads/csv", body, { "x-file-name": fileName });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const preview = await upload.json();
    const created = await api("POST", "/batches", { uploadId: preview.uploadId, mapping: preview.suggestedMapping, templateId });
    expect(created.status, await created.clone().text()).toBe(201);
    const batchId = (await created.json()).batches[0].id;
    await expect.poll(async () => (await rig.db.batch.findUniqueOrThrow({ where: { id: batchId } })).status, { timeout: 60_000 }).toBe("completed");
    const rows = await rig.db.image.findMany({ where: { batchId }, orderBy: { rowNumber: "asc" }, select: { sourceUrl: true, externalId: true, name: true, carried: true, status: true } });
    return { preview, batchId, rows };
  }

  const shopifyHeader =
    "Handle,Title,Body (HTML),Vendor,Product Category,Type,Tags,Published,Option1 Name,Option1 Value,Variant SKU,Variant Grams,Variant Inventory Tracker,Variant Price,Variant Requires Shipping,Variant Taxable,Image Src,Image Position,Image Alt Text,Gift Card,SEO Title,SEO Description,Variant Image,Variant Weight Unit,Status";
  const shopifyCsv = () =>
    [
      shopifyHeader,
      `linen-shirt,"Linen Shirt, Relaxed Fit","<p>Breathable linen, <strong>garment-dyed</strong>.</p>",Acme,Apparel & Accessories > Clothing,Shirts,"linen, summer",true,Size,S,LS-S,200,shopify,49.00,true,true,${host}/shirt/front.png,1,Front view,false,,,${host}/shirt/front.png,kg,active`,
      `linen-shirt,,,,,,,,,M,LS-M,210,shopify,49.00,true,true,${host}/shirt/back.png,2,,,,,${host}/shirt/detail.png,kg,`,
      `linen-shirt,,,,,,,,,L,LS-L,220,shopify,49.00,true,true,,,,,,,,kg,`,
      `canvas-tote,Canvas Tote,<p>Heavy canvas.</p>,Acme,,Bags,,true,Title,Default Title,CT-1,500,shopify,25.00,true,true,${host}/tote/main.png,1,,false,,,,kg,active`,
      `gift-card,Gift Card,,Acme,,,,true,Title,Default Title,GC,0,,10.00,false,false,,,,true,,,,kg,active`,
    ].join("\n");

  it("a Shopify product export: one image per Image Src / Variant Image, grouped by Handle; format=shopify imports back", async () => {
    const { preview, batchId, rows } = await importFeed("products_export_1.csv", shopifyCsv());
    expect(preview.suggestedMapping).toEqual({ feed: "shopify", url: "Image Src", externalId: "Handle", name: "Title", carry: ["Image Position", "Image Alt Text"] });
    expect(rows.map((row) => [row.externalId, row.name, row.sourceUrl?.replace(host, ""), (row.carried as Record<string, string>)["Image Position"]])).toEqual([
      ["linen-shirt", "Linen Shirt, Relaxed Fit", "/shirt/front.png", "1"],
      ["linen-shirt", "Linen Shirt, Relaxed Fit", "/shirt/back.png", "2"],
      ["linen-shirt", "Linen Shirt, Relaxed Fit", "/shirt/detail.png", "3"],
      ["canvas-tote", "Canvas Tote", "/tote/main.png", "1"],
    ]);
    expect(rows.every((row) => row.status === "succeeded")).toBe(true);

    const exported = await api("GET", `/batches/${batchId}/export?format=shopify&altText=alt_text&seoTitle=seo_title&seoDescription=seo_description`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toContain("text/csv");
    expect(exported.headers.get("content-disposition")).toContain("shopify-products.csv");
    const text = await exported.text();
    const records: Record<string, string>[] = parse(text, { columns: true });
    expect(Object.keys(records[0])).toEqual(["Handle", "Title", "Image Src", "Image Position", "Image Alt Text", "SEO Title", "SEO Description"]);
    expect(records.map((r) => [r.Handle, r.Title, r["Image Src"].replace(host, ""), r["Image Position"]])).toEqual([
      ["linen-shirt", "Linen Shirt, Relaxed Fit", "/shirt/front.png", "1"],
      ["linen-shirt", "", "/shirt/back.png", "2"],
      ["linen-shirt", "", "/shirt/detail.png", "3"],
      ["canvas-tote", "Canvas Tote", "/tote/main.png", "1"],
    ]);
    const results = await rig.db.image.findMany({ where: { batchId }, orderBy: { rowNumber: "asc" }, select: { result: true } });
    expect(records.map((r) => r["Image Alt Text"])).toEqual(results.map((r) => (r.result as Record<string, string>).alt_text));
    expect(records.every((r) => r["Image Alt Text"].length > 0)).toBe(true);
    expect(records[0]["SEO Title"]).toBe((results[0].result as Record<string, string>).seo_title);
    expect(records[1]["SEO Title"]).toBe(""); // SEO columns belong to the product: its first row

    // Imports back: the exported file is itself recognised as a Shopify export with the same images.
    const again = await api("POST", "/uploads/csv", text, { "x-file-name": "loupe-export.csv" });
    const reread = await again.json();
    expect(reread.suggestedMapping.feed).toBe("shopify");
    const recreated = await (await api("POST", "/batches", { uploadId: reread.uploadId, mapping: reread.suggestedMapping, templateId: "local" })).json();
    expect(recreated.batches[0].totalImages).toBe(4);
  });

  it("a Google Merchant feed as TSV: image_link and comma-separated additional_image_link; format=merchant is a supplemental feed", async () => {
    const tsv = [
      ["id", "title", "description", "link", "image_link", "additional_image_link", "availability", "price", "brand", "gtin"].join("\t"),
      ["SKU-100", "Trail Runner 2", "Light trail shoe", "https://shop.example/p/100", `${host}/shoe/1.png`, `${host}/shoe/2.png,${host}/shoe/3.png`, "in_stock", "89.00 USD", "Acme", "0012345678905"].join("\t"),
      ["SKU-200", "Wool Socks", "Merino socks", "https://shop.example/p/200", `${host}/socks/1.png`, "", "in_stock", "12.00 USD", "Acme", ""].join("\t"),
    ].join("\n");
    const { preview, batchId, rows } = await importFeed("products.tsv", tsv);
    expect(preview.delimiter).toBe("\t");
    expect(preview.suggestedMapping).toEqual({ feed: "merchant", url: "image_link", externalId: "id", name: "title", carry: ["image_position"] });
    expect(rows.map((row) => [row.externalId, row.name, row.sourceUrl?.replace(host, ""), (row.carried as Record<string, string>).image_position])).toEqual([
      ["SKU-100", "Trail Runner 2", "/shoe/1.png", "1"],
      ["SKU-100", "Trail Runner 2", "/shoe/2.png", "2"],
      ["SKU-100", "Trail Runner 2", "/shoe/3.png", "3"],
      ["SKU-200", "Wool Socks", "/socks/1.png", "1"],
    ]);

    const exported = await api("GET", `/batches/${batchId}/export?format=merchant&fields=description:seo_description,title:seo_title`);
    expect(exported.status).toBe(200);
    const lines = (await exported.text()).trimEnd().split("\n").map((line) => line.split("\t"));
    expect(lines[0]).toEqual(["id", "description", "title"]);
    const main = await rig.db.image.findMany({ where: { batchId, externalId: { in: ["SKU-100", "SKU-200"] } }, orderBy: { rowNumber: "asc" }, select: { externalId: true, result: true } });
    const first = (id: string) => main.find((image) => image.externalId === id)!.result as Record<string, string>;
    expect(lines.slice(1)).toEqual([
      ["SKU-100", first("SKU-100").seo_description, first("SKU-100").seo_title],
      ["SKU-200", first("SKU-200").seo_description, first("SKU-200").seo_title],
    ]);
  });

  it("a Google Merchant feed as RSS 2.0 XML (g: namespace, repeated additional_image_link) imports the same way", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">
  <channel>
    <title>Acme store</title>
    <link>https://shop.example</link>
    <description>Products</description>
    <item>
      <g:id>SKU-300</g:id>
      <g:title><![CDATA[Rain Jacket & Hood]]></g:title>
      <g:description>Waterproof shell</g:description>
      <g:link>https://shop.example/p/300</g:link>
      <g:image_link>${host}/jacket/1.png</g:image_link>
      <g:additional_image_link>${host}/jacket/2.png</g:additional_image_link>
      <g:additional_image_link>${host}/jacket/3.png</g:additional_image_link>
      <g:price>120.00 USD</g:price>
    </item>
    <item>
      <g:id>SKU-400</g:id>
      <g:title>Beanie</g:title>
      <g:image_link>${host}/beanie/1.png</g:image_link>
    </item>
  </channel>
</rss>`;
    const { preview, rows } = await importFeed("google-feed.xml", xml);
    expect(preview.columns.slice(0, 4)).toEqual(["id", "title", "image_link", "additional_image_link"]);
    expect(preview.suggestedMapping.feed).toBe("merchant");
    expect(rows.map((row) => [row.externalId, row.name, row.sourceUrl?.replace(host, ""), (row.carried as Record<string, string>).image_position])).toEqual([
      ["SKU-300", "Rain Jacket & Hood", "/jacket/1.png", "1"],
      ["SKU-300", "Rain Jacket & Hood", "/jacket/2.png", "2"],
      ["SKU-300", "Rain Jacket & Hood", "/jacket/3.png", "3"],
      ["SKU-400", "Beanie", "/beanie/1.png", "1"],
    ]);
  });

  it("refuses a broken XML feed and an unknown feed kind with reasons", async () => {
    const broken = await api("POST", "/uploads/csv", "<?xml version='1.0'?><rss><channel><item><g:id>1</g:id>", { "x-file-name": "feed.xml" });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toMatch(/^feed_/);
    const upload = await (await api("POST", "/uploads/csv", shopifyCsv(), { "x-file-name": "p.csv" })).json();
    const refused = await api("POST", "/batches", { uploadId: upload.uploadId, mapping: { ...upload.suggestedMapping, feed: "amazon" }, templateId });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({ code: "invalid_feed", message: expect.stringContaining('mapping.feed must be "shopify"') });
  });
});
