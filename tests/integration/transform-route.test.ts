import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAuthHeaders } from "../helpers/api-auth";
import { startFaultImageHost, type FaultImageHost } from "../helpers/fault-image-host";
import { createTestDatabase } from "../helpers/test-database";

// POST /api/v1/transform through the real route handler (auth, wrapper, sharp) on real files; image_url fetches go to a
// loopback host that FETCH_ALLOWLIST names, and only there.
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const MAX_UPLOAD_MB = 2;

/** A photo-like JPEG (smooth noise: it compresses like a photo, not like a flat colour). */
async function photo(width: number, height: number) {
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 7;
  for (let i = 0; i < pixels.length; i++) pixels[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 23;
  return sharp(pixels, { raw: { width, height, channels: 3 } }).blur(2).jpeg({ quality: 88 }).toBuffer();
}

describe("POST /api/v1/transform", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let POST: Handler;
  let host: FaultImageHost;
  let auth: Record<string, string>;
  let jpeg: Buffer;

  async function send(body: BodyInit, headers: Record<string, string> = {}, extra: RequestInit = {}) {
    const request = new Request("http://127.0.0.1/api/v1/transform", { method: "POST", body, headers: { ...auth, ...headers }, ...extra });
    return POST(request, { params: Promise.resolve({}) });
  }

  function form(image: Buffer | string | null, operations: unknown, name = "photo.jpg", type = "image/jpeg") {
    const data = new FormData();
    if (image !== null) data.append("image", new Blob([typeof image === "string" ? image : new Uint8Array(image)], { type }), name);
    if (operations !== undefined) data.append("operations", typeof operations === "string" ? operations : JSON.stringify(operations));
    return data;
  }

  const json = (value: unknown) => send(JSON.stringify(value), { "content-type": "application/json" });

  async function expectError(response: Response, status: number, code: string, message?: RegExp | string) {
    const body = await response.json();
    expect({ status: response.status, code: body.error?.code }, JSON.stringify(body)).toEqual({ status, code });
    if (message instanceof RegExp) expect(body.error.message).toMatch(message);
    else if (message) expect(body.error.message).toBe(message);
    return body;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(process.env, {
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "loupe-transform-")),
      WORKER: "off",
      MAX_UPLOAD_MB: String(MAX_UPLOAD_MB),
      FETCH_ALLOWLIST: "127.0.0.1",
      FETCH_TIMEOUT_MS: "5000",
    });
    ({ POST } = (await import("../../app/api/v1/transform/route")) as unknown as { POST: Handler });
    auth = await apiAuthHeaders(database.url, "analyst");
    jpeg = await photo(1600, 1200);
    host = await startFaultImageHost(jpeg);
  });
  afterAll(async () => {
    await host?.close();
    await database?.drop();
  });

  it("multipart: the issue's example answers a 1200-wide WebP with its type, size and name", async () => {
    const response = await send(form(jpeg, [{ op: "resize", width: 1200 }, { op: "flatten", background: "#ffffff" }, { op: "format", format: "webp" }]));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(response.headers.get("content-disposition")).toBe(`inline; filename="photo.webp"; filename*=UTF-8''photo.webp`);
    expect([response.headers.get("x-image-width"), response.headers.get("x-image-height")]).toEqual(["1200", "900"]);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get("content-length"))).toBe(bytes.length);
    const metadata = await sharp(bytes).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(["webp", 1200, 900]);
  });

  it("multipart: a real PNG file, cropped, rotated and written as AVIF and as JPEG", async () => {
    const png = readFileSync(path.join(import.meta.dirname, "../corpus/images/valid.png"));
    const { width = 0, height = 0 } = await sharp(png).metadata();
    const avif = await send(form(png, [{ op: "crop", left: 0, top: 0, width: Math.ceil(width / 2), height }, { op: "rotate", angle: 90 }, { op: "format", format: "avif", quality: 40 }], "valid.png", "image/png"));
    expect(avif.status).toBe(200);
    expect(avif.headers.get("content-type")).toBe("image/avif");
    const out = await sharp(Buffer.from(await avif.arrayBuffer())).metadata();
    expect([out.width, out.height]).toEqual([height, Math.ceil(width / 2)]);
    const jpegOut = await send(form(png, [{ op: "grayscale" }, { op: "format", format: "jpg", quality: 70 }], "valid.png", "image/png"));
    expect(jpegOut.headers.get("content-type")).toBe("image/jpeg");
    expect(jpegOut.headers.get("content-disposition")).toMatch(/filename="valid\.jpg"/);
  });

  it("JSON {image_url, operations}: fetched from the allowed loopback host and transformed", async () => {
    const response = await json({ image_url: `${host.url}/ok/shop/sku-1.jpg`, operations: [{ op: "crop", strategy: "attention", width: 300, height: 200 }, { op: "format", format: "png" }] });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("content-disposition")).toMatch(/filename="sku-1\.png"/);
    const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(["png", 300, 200]);
  });

  it("image_url: a private address is refused without a connection; a missing image, an HTML page and a huge one are told apart", async () => {
    await expectError(await json({ image_url: "http://127.0.0.2:9/inside.png", operations: [{ op: "flip" }] }), 400, "image_url_refused", /private or reserved address \(127\.0\.0\.2\)/);
    await expectError(await json({ image_url: "file:///etc/passwd", operations: [{ op: "flip" }] }), 400, "invalid_request", /http or https/);
    await expectError(await json({ image_url: `${host.url}/missing/a.jpg`, operations: [{ op: "flip" }] }), 422, "image_not_found", /404/);
    await expectError(await json({ image_url: `${host.url}/html/a.jpg`, operations: [{ op: "flip" }] }), 415, "image_unsupported");
    await expectError(await json({ image_url: `${host.url}/declared-huge/a.jpg`, operations: [{ op: "flip" }] }), 413, "image_too_large");
  });

  it("operations are checked before the URL is fetched", async () => {
    const before = host.hits.get("/ok/never.jpg") ?? 0;
    await expectError(await json({ image_url: `${host.url}/ok/never.jpg`, operations: [{ op: "blur", sigma: 0 }] }), 400, "invalid_operations", "operations[0].sigma must be between 0.3 and 1000.");
    expect(host.hits.get("/ok/never.jpg") ?? 0).toBe(before);
  });

  it("400s name the operation's place and field, the formats that can be written, the operations there are", async () => {
    await expectError(await send(form(jpeg, [{ op: "resize", width: 100 }, { op: "flip" }, { op: "blur", sigma: 2000 }])), 400, "invalid_operations", "operations[2].sigma must be between 0.3 and 1000.");
    await expectError(await send(form(jpeg, [{ op: "format", format: "bmp" }])), 400, "invalid_operations", 'operations[0].format "bmp" cannot be written: Loupe writes jpeg, png, webp, avif, tiff or gif.');
    await expectError(await send(form(jpeg, [{ op: "posterize" }])), 400, "invalid_operations", /^operations\[0\]\.op "posterize" is not an operation Loupe knows; use one of resize, crop/);
    const body = await expectError(await send(form(jpeg, [{ op: "median", size: 100 }, { op: "rotate" }])), 400, "invalid_operations", /and 1 more/);
    expect(body.error.details.issues).toHaveLength(2);
    await expectError(await send(form(jpeg, [{ op: "crop", left: 1500, top: 0, width: 200, height: 10 }])), 400, "crop_outside_image", /past the right edge: left 1500 \+ width 200 = 1700, but the image is 1600 pixels wide/);
    await expectError(await send(form(jpeg, "[{op: resize}]")), 400, "invalid_operations", /operations is not valid JSON/);
    await expectError(await send(form(jpeg, undefined)), 400, "operations_missing");
    await expectError(await send(form(null, [{ op: "flip" }])), 400, "image_missing");
    await expectError(await json({ operations: [{ op: "flip" }] }), 400, "invalid_request", /image_url is required/);
    await expectError(await send("{not json", { "content-type": "application/json" }), 400, "invalid_json");
  });

  it("413: an upload over MAX_UPLOAD_MB (declared or streamed without a length), and a result past the output limits", async () => {
    const big = Buffer.concat([jpeg, Buffer.alloc(MAX_UPLOAD_MB * 1024 * 1024 + 10)]);
    await expectError(await send(form(big, [{ op: "flip" }])), 413, "image_too_large", /over the 2 MB limit/);
    // A chunked body with no Content-Length is cut off while it streams in.
    const multipart = new Response(form(big, [{ op: "flip" }]));
    const contentType = multipart.headers.get("content-type")!;
    const streamed = await send(multipart.body!, { "content-type": contentType }, { duplex: "half" } as RequestInit);
    await expectError(streamed, 413, "image_too_large");
    await expectError(await send(form(jpeg, [{ op: "resize", width: 10_000, height: 10_000, fit: "fill" }])), 413, "output_too_large", /operations\[0\] \(resize\) would make an image of 10000×10000 \(100 MP\), over the 50 MP limit/);
  });

  it("415: a file that is not an image, an SVG, a body that is neither multipart nor JSON", async () => {
    await expectError(await send(form("name,url\na,b\n", [{ op: "flip" }], "list.csv", "text/csv")), 415, "image_unsupported", /list\.csv is not an image Loupe can read/);
    const svg = readFileSync(path.join(import.meta.dirname, "../corpus/images/svg-script.svg"));
    await expectError(await send(form(svg, [{ op: "flip" }], "x.svg", "image/svg+xml")), 415, "image_unsupported");
    await expectError(await send("raw bytes", { "content-type": "text/plain" }), 415, "unsupported_media_type", /multipart\/form-data/);
    const truncated = readFileSync(path.join(import.meta.dirname, "../corpus/images/truncated.jpg"));
    await expectError(await send(form(truncated, [{ op: "flip" }])), 400, "image_invalid");
  });

  it("needs the analyst role: a viewer is refused", async () => {
    const viewer = await apiAuthHeaders(database.url, "viewer");
    const response = await POST(new Request("http://127.0.0.1/api/v1/transform", { method: "POST", body: form(jpeg, [{ op: "flip" }]), headers: viewer }), { params: Promise.resolve({}) });
    await expectError(response, 403, "forbidden");
  });
});
