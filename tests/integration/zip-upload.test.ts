import { mkdtempSync, readdirSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { LoupeError } from "../../lib/errors";
import { storeZipUpload, type ZipLimits } from "../../lib/ingest/store-zip-upload";
import { LocalStorage } from "../../lib/storage/local-adapter";
import { makeZip } from "../helpers/make-zip";

const MB = 1024 * 1024;
const LIMITS: ZipLimits = { maxZipBytes: 20 * MB, maxImageBytes: 5 * MB, maxTotalBytes: 50 * MB, maxEntries: 100 };

const png = (r: number) => sharp({ create: { width: 16, height: 12, channels: 3, background: { r, g: 100, b: 50 } } }).png().toBuffer();
const body = (bytes: Buffer) => new Blob([new Uint8Array(bytes)]).stream();

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "loupe-zip-"));
  return { storage: new LocalStorage(path.join(dir, "uploads")), temp: path.join(dir, "tmp"), dir };
}

function storedFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.parentPath.endsWith("tmp")).map((e) => e.name);
}

async function refusal(promise: Promise<unknown>): Promise<LoupeError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(LoupeError);
  return error as LoupeError;
}

describe("ZIP uploads", () => {
  it("keeps the images (folders included), skips junk, and refuses ../ and absolute paths entry by entry", async () => {
    const { storage, temp } = setup();
    const zip = makeZip([
      { name: "a.png", data: await png(10) },
      { name: "shoes/b.png", data: await png(20), deflate: true },
      { name: "shoes/", data: Buffer.alloc(0) },
      { name: "__MACOSX/shoes/._b.png", data: Buffer.from("resource fork") },
      { name: "../../etc/evil.png", data: await png(30) },
      { name: "/abs/c.png", data: await png(40) },
      { name: "notes.txt", data: Buffer.from("not an image") },
      { name: "photos/ü-ünïcødé.png", data: await png(50) },
    ]);
    const result = await storeZipUpload(storage, temp, body(zip), "catalogue.zip", LIMITS);
    expect(result.accepted.map((image) => image.name).sort()).toEqual(["a.png", "b.png", "ü-ünïcødé.png"]);
    expect(result.accepted.every((image) => image.mimeType === "image/png" && image.width === 16)).toBe(true);
    const byName = Object.fromEntries(result.rejected.map((item) => [item.name, item.code]));
    expect(byName).toEqual({ "../../etc/evil.png": "zip_unsafe_path", "/abs/c.png": "zip_unsafe_path", "notes.txt": "image_unsupported" });
    expect(readdirSync(temp)).toEqual([]); // the archive itself is not kept
  });

  it("refuses an archive that declares more than the total limit before extracting anything (zip bomb)", async () => {
    const { storage, temp, dir } = setup();
    const zip = makeZip([
      { name: "fine.png", data: await png(60) },
      ...Array.from({ length: 3 }, (_, i) => ({ name: `zeros-${i}.png`, data: Buffer.alloc(4 * MB), deflate: true })),
    ]);
    expect(zip.length).toBeLessThan(100_000);
    const error = await refusal(storeZipUpload(storage, temp, body(zip), "bomb.zip", { ...LIMITS, maxTotalBytes: 10 * MB }));
    expect(error.status).toBe(413);
    expect(error.code).toBe("zip_bomb");
    expect(error.message).toMatch(/bomb\.zip expands to 12 MB, over the 10 MB limit/);
    expect(storedFiles(path.join(dir, "uploads"))).toEqual([]);
  });

  it("refuses single entries that inflate like a bomb or lie about their size, and keeps the rest", async () => {
    const { storage, temp } = setup();
    const zip = makeZip([
      { name: "ok.png", data: await png(70) },
      { name: "ratio.png", data: Buffer.alloc(3 * MB), deflate: true },
      { name: "liar.png", data: Buffer.alloc(2 * MB), deflate: true, declaredSize: 1000 },
      { name: "huge.png", data: Buffer.alloc(6 * MB, 7), deflate: false },
    ]);
    const result = await storeZipUpload(storage, temp, body(zip), "mixed.zip", LIMITS);
    expect(result.accepted.map((image) => image.name)).toEqual(["ok.png"]);
    const codes = Object.fromEntries(result.rejected.map((item) => [item.name, item.code]));
    expect(codes).toEqual({ "ratio.png": "zip_bomb", "liar.png": "zip_invalid", "huge.png": "image_too_large" });
    expect(result.rejected.find((item) => item.name === "huge.png")!.message).toContain("5 MB limit");
  });

  it("an empty body, a file that is not a ZIP, an archive over the size limit and one with no images are clear 4xx errors", async () => {
    const { storage, temp } = setup();
    expect((await refusal(storeZipUpload(storage, temp, null, "none.zip", LIMITS))).code).toBe("zip_empty");
    expect((await refusal(storeZipUpload(storage, temp, body(Buffer.alloc(0)), "zero.zip", LIMITS))).code).toBe("zip_empty");
    const notZip = await refusal(storeZipUpload(storage, temp, body(Buffer.from("PK but not really a zip file at all")), "fake.zip", LIMITS));
    expect([notZip.status, notZip.code]).toEqual([400, "zip_invalid"]);
    expect(notZip.message).toBe("fake.zip is not a ZIP archive Loupe can read.");
    const big = makeZip([{ name: "big.png", data: Buffer.alloc(2 * MB, 1) }]);
    const tooBig = await refusal(storeZipUpload(storage, temp, body(big), "big.zip", { ...LIMITS, maxZipBytes: MB }));
    expect([tooBig.status, tooBig.code]).toEqual([413, "zip_too_large"]);
    const empty = await refusal(storeZipUpload(storage, temp, body(makeZip([{ name: "folder/", data: Buffer.alloc(0) }])), "empty.zip", LIMITS));
    expect(empty.code).toBe("zip_no_images");
    expect(readdirSync(temp)).toEqual([]);
  });
});
