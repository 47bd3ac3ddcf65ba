import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hammingDistance } from "../../lib/analysis/analyze-locally";
import { closeFaceDetector } from "../../lib/image-info/detect-faces";
import { closeTextRecognizer } from "../../lib/image-info/recognize-text";
import { apiAuthHeaders } from "../helpers/api-auth";
import { startFaultImageHost, type FaultImageHost } from "../helpers/fault-image-host";
import { createTestDatabase } from "../helpers/test-database";

// GET and POST /api/v1/image-info through the real route handlers: sharp, exif-reader and Tesseract (WebAssembly, with the
// English model from its npm package) on real files, no Gemini key; image_url fetches go only to a loopback host.
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Noise with a seed, blurred a little: photo-like texture. */
function texture(width: number, height: number, colour: [number, number, number], spread = 24, seed = 3) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = Math.max(0, Math.min(255, colour[i % 3] + ((seed >> 24) % spread) - spread / 2));
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).blur(1.2);
}

/** A scene with structure (two gradients and a bright disc): what perceptual hashes are made for. */
function scene(width: number, height: number, disc: { x: number; y: number; r: number }) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = Math.round((x / width) * 255);
      pixels[i + 1] = Math.round((y / height) * 255);
      pixels[i + 2] = (x - disc.x) ** 2 + (y - disc.y) ** 2 < disc.r ** 2 ? 230 : 40;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

/** A green circuit board with white silkscreen labels, photographed as a JPEG (rendered with DejaVu Sans, on every machine). */
async function circuitBoard() {
  const label = await sharp({ text: { text: '<span foreground="white" font_weight="bold">R12  C7  U3\nRESISTOR ARRAY</span>', font: "DejaVu Sans", dpi: 220, rgba: true } }).png().toBuffer();
  const board = await texture(900, 500, [40, 105, 55]).png().toBuffer();
  return sharp(board).composite([{ input: label, left: 80, top: 120 }]).jpeg({ quality: 80 }).toBuffer();
}

describe("/api/v1/image-info", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let GET: Handler;
  let POST: Handler;
  let host: FaultImageHost;
  let auth: Record<string, string>;
  let camera: Buffer;

  const get = (query: string, headers = auth) => GET(new Request(`http://127.0.0.1/api/v1/image-info${query}`, { headers }), { params: Promise.resolve({}) });
  function post(image: Buffer | string, { query = "", name = "photo.jpg", fields = {} as Record<string, string>, headers = auth } = {}) {
    const form = new FormData();
    form.append("image", new Blob([typeof image === "string" ? image : new Uint8Array(image)]), name);
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    return POST(new Request(`http://127.0.0.1/api/v1/image-info${query}`, { method: "POST", body: form, headers }), { params: Promise.resolve({}) });
  }
  async function expectError(response: Response, status: number, code: string, message?: RegExp) {
    const body = await response.json();
    expect({ status: response.status, code: body.error?.code }, JSON.stringify(body)).toEqual({ status, code });
    if (message) expect(body.error.message).toMatch(message);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(process.env, {
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "loupe-image-info-")),
      WORKER: "off",
      MAX_UPLOAD_MB: "2",
      FETCH_ALLOWLIST: "127.0.0.1",
      FETCH_TIMEOUT_MS: "5000",
      GEMINI_API_KEYS: "",
    });
    ({ GET, POST } = (await import("../../app/api/v1/image-info/route")) as unknown as { GET: Handler; POST: Handler });
    auth = await apiAuthHeaders(database.url, "viewer");
    camera = await scene(800, 600, { x: 300, y: 250, r: 150 })
      .jpeg({ quality: 90 })
      .withExif({
        IFD0: { Make: "Loupe Optics", Model: "TestCam 1", Software: "sharp" },
        IFD2: { DateTimeOriginal: "2024:05:06 07:08:09", ExposureTime: "1/125", FNumber: "28/10", ISOSpeedRatings: "200", FocalLength: "35/1" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "0/1 7/1 30/1" },
      })
      .toBuffer();
    host = await startFaultImageHost(camera);
  });
  afterAll(async () => {
    await closeTextRecognizer();
    await closeFaceDetector();
    await host?.close();
    await database?.drop();
  });

  it("POST: size, format, colour space, the EXIF summary, colours, exposure and sharpness of a camera JPEG, with no Gemini key", async () => {
    const response = await post(camera);
    expect(response.status).toBe(200);
    const info = await response.json();
    expect(info).toMatchObject({ width: 800, height: 600, format: "jpeg", mimeType: "image/jpeg", bytes: camera.length, colorSpace: "srgb", channels: 3, bitDepth: "8-bit", hasAlpha: false, transparent: false });
    expect(info.exif).toEqual({
      make: "Loupe Optics",
      model: "TestCam 1",
      lens: null,
      software: "sharp",
      takenAt: "2024-05-06T07:08:09",
      exposureTime: 0.008,
      exposure: "1/125 s",
      fNumber: 2.8,
      iso: 200,
      focalLengthMm: 35,
      flashFired: null,
      orientation: 1,
      gps: { latitude: 51.5, longitude: -0.125, altitudeM: null },
    });
    expect(info.dominantColors[0].hex).toMatch(/^#[0-9a-f]{6}$/);
    expect(info.brightness).toBeGreaterThan(0.3);
    expect(info.brightness).toBeLessThan(0.7);
    expect(info.perceptualHash.dHash).toMatch(/^[0-9a-f]{16}$/);
    expect(info.perceptualHash.pHash).toMatch(/^[0-9a-f]{16}$/);
    expect(info.text).toBeUndefined();
  });

  it("dominant colours, brightness, transparency and blur say what the picture is", async () => {
    const halves = Buffer.alloc(200 * 100 * 3);
    for (let i = 0; i < 200 * 100; i++) halves[i * 3 + (i % 200 < 100 ? 0 : 2)] = 255;
    const redBlue = await (await post(await sharp(halves, { raw: { width: 200, height: 100, channels: 3 } }).png().toBuffer(), { name: "halves.png" })).json();
    // Sampled small, the edge blends a little: the colours are within a few levels of pure red and blue, half each.
    const channels = (hex: string) => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
    const [first, second] = redBlue.dominantColors.map((colour: { hex: string }) => channels(colour.hex)).sort((a: number[], b: number[]) => b[0] - a[0]);
    expect(first[0]).toBeGreaterThan(245);
    expect(Math.max(first[1], first[2])).toBeLessThan(10);
    expect(second[2]).toBeGreaterThan(245);
    expect(Math.max(second[0], second[1])).toBeLessThan(10);
    expect(redBlue.dominantColors.map((colour: { share: number }) => colour.share)).toEqual([0.5, 0.5]);
    const white = await (await post(await sharp({ create: { width: 64, height: 64, channels: 3, background: "#ffffff" } }).png().toBuffer())).json();
    expect(white).toMatchObject({ brightness: 1, contrast: 0, blurry: true, exif: null });
    const glass = await (await post(await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer())).json();
    expect(glass).toMatchObject({ hasAlpha: true, transparent: true, channels: 4 });
    const sharpTexture = await (await post(await (await texture(400, 300, [128, 128, 128], 200)).png().toBuffer())).json();
    const blurred = await (await post(await (await texture(400, 300, [128, 128, 128], 200)).blur(8).png().toBuffer())).json();
    expect(sharpTexture.sharpness).toBeGreaterThan(blurred.sharpness);
    expect(blurred.blurry).toBe(true);
  });

  it("perceptual hashes: a resized, recompressed copy is near; another picture is far", async () => {
    const original = await (await post(camera)).json();
    const copy = await (await post(await sharp(camera).resize(400).webp({ quality: 60 }).toBuffer(), { name: "copy.webp" })).json();
    const other = await (await post(await scene(800, 600, { x: 600, y: 450, r: 100 }).flop().jpeg().toBuffer())).json();
    expect(copy.format).toBe("webp");
    expect(hammingDistance(original.perceptualHash.pHash, copy.perceptualHash.pHash)).toBeLessThanOrEqual(10);
    expect(hammingDistance(original.perceptualHash.pHash, other.perceptualHash.pHash)).toBeGreaterThan(10);
  });

  it("ocr=1: reads the labels on a photo of a circuit board, offline, with each word's box", async () => {
    const board = await circuitBoard();
    const response = await post(board, { query: "?ocr=1", name: "board.jpg" });
    expect(response.status).toBe(200);
    const { text, width, height } = await response.json();
    expect(text.text).toMatch(/RESISTOR/);
    expect(text.text).toMatch(/R12/);
    const resistor = text.words.find((word: { text: string }) => word.text === "RESISTOR");
    expect(resistor.confidence).toBeGreaterThan(0.6);
    expect(resistor.box.left).toBeGreaterThanOrEqual(60);
    expect(resistor.box.left + resistor.box.width).toBeLessThanOrEqual(width);
    expect(resistor.box.top + resistor.box.height).toBeLessThanOrEqual(height);
    // The form field works as the query parameter does.
    const again = await (await post(board, { fields: { ocr: "1" } })).json();
    expect(again.text.text).toMatch(/ARRAY/);
  });

  it("faces=1: the faces in a group photo, each a box in fractions of the image; a scene without people has none", async () => {
    const group = readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve("@vladmandic/face-api/package.json")), "demo", "sample6.jpg"));
    const response = await post(group, { query: "?faces=1", name: "group.jpg" });
    expect(response.status).toBe(200);
    const info = await response.json();
    // Four women side by side, counted by eye; the detector finds each.
    expect(info.faces).toHaveLength(4);
    for (const face of info.faces) {
      expect(face.confidence).toBeGreaterThanOrEqual(0.5);
      expect(face.box.x + face.box.width).toBeLessThanOrEqual(1);
      expect(face.box.y + face.box.height).toBeLessThanOrEqual(1);
    }
    expect(info.faceDetection.durationMs).toBeGreaterThan(0);
    expect(info).toMatchObject({ width: 1920, format: "jpeg" });
    expect(info).not.toHaveProperty("text");
    // As a form field, and through GET ?url= (the loopback host's camera scene has no one in it).
    expect((await (await post(group, { fields: { faces: "1" } })).json()).faces).toHaveLength(4);
    const scene = await (await get(`?url=${encodeURIComponent(`${host.url}/ok/camera.jpg`)}&faces=1`)).json();
    expect(scene.faces).toEqual([]);
    // Not asked, not looked for.
    expect(await (await post(group)).json()).not.toHaveProperty("faces");
    await expectError(await get(`?url=${encodeURIComponent(`${host.url}/ok/camera.jpg`)}&faces=yes`), 400, "invalid_request", /faces must be 1 or 0/);
  });

  it("GET ?url=: fetched from the allowed loopback host; a private address is refused; bad queries say what to send", async () => {
    const response = await get(`?url=${encodeURIComponent(`${host.url}/ok/camera.jpg`)}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ width: 800, height: 600, exif: { make: "Loupe Optics" } });
    await expectError(await get(`?url=${encodeURIComponent("http://127.0.0.2:9/inside.jpg")}`), 400, "image_url_refused", /private or reserved address/);
    await expectError(await get(""), 400, "url_missing", /\?url=/);
    await expectError(await get("?url=not-a-url"), 400, "invalid_request", /full http\(s\) URL/);
    await expectError(await get(`?url=${encodeURIComponent(`${host.url}/ok/camera.jpg`)}&ocr=maybe`), 400, "invalid_request", /ocr must be 1 or 0/);
    await expectError(await get(`?url=${encodeURIComponent(`${host.url}/html/page`)}`), 415, "image_unsupported");
  });

  it("415 for what is not an image, 413 past MAX_UPLOAD_MB, 415 for a body that is not multipart", async () => {
    await expectError(await post("just text", { name: "notes.txt" }), 415, "image_unsupported", /notes\.txt is not an image/);
    await expectError(await post(readFileSync(path.join(import.meta.dirname, "../corpus/images/svg-script.svg")), { name: "x.svg" }), 415, "image_unsupported");
    await expectError(await post(Buffer.concat([camera, Buffer.alloc(2 * 1024 * 1024)])), 413, "image_too_large");
    await expectError(await post(readFileSync(path.join(import.meta.dirname, "../corpus/images/bomb-60000x60000.png")), { name: "bomb.png" }), 413, "image_too_large");
    const json = await POST(new Request("http://127.0.0.1/api/v1/image-info", { method: "POST", body: "{}", headers: { ...auth, "content-type": "application/json" } }), { params: Promise.resolve({}) });
    await expectError(json, 415, "unsupported_media_type", /multipart\/form-data/);
  });

  it("a viewer may describe images; no credentials is a 401", async () => {
    expect((await get(`?url=${encodeURIComponent(`${host.url}/ok/camera.jpg`)}`, await apiAuthHeaders(database.url, "viewer"))).status).toBe(200);
    await expectError(await get(`?url=${encodeURIComponent(`${host.url}/ok/camera.jpg`)}`, {}), 401, "unauthenticated");
  });
});
