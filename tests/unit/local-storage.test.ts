import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalStorage } from "../../lib/storage/local-adapter";

const root = mkdtempSync(path.join(os.tmpdir(), "loupe-storage-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("LocalStorage.putBuffer", () => {
  it("stores bytes under their sha256 and leaves no temporary file", async () => {
    const storage = new LocalStorage(path.join(root, "a"));
    const bytes = Buffer.from("an image's bytes");
    expect(await storage.putBuffer(bytes, sha256(bytes))).toEqual({ sha256: sha256(bytes), bytes: bytes.length });
    expect(await storage.read(sha256(bytes))).toEqual(bytes);
    expect(readdirSync(path.join(root, "a", "tmp"))).toEqual([]);
    // The same content again is the same file.
    await storage.putBuffer(bytes, sha256(bytes));
    expect(readdirSync(path.join(root, "a", sha256(bytes).slice(0, 2)))).toEqual([sha256(bytes)]);
  });

  it("makes its folders again when they were removed after it made them", async () => {
    const storage = new LocalStorage(path.join(root, "b"));
    const first = Buffer.from("first");
    await storage.putBuffer(first, sha256(first));
    rmSync(path.join(root, "b"), { recursive: true, force: true });
    const second = Buffer.from("second");
    await storage.putBuffer(second, sha256(second));
    expect(await storage.read(sha256(second))).toEqual(second);
    expect(await storage.exists(sha256(first))).toBe(false);
  });

  it("refuses a name that is not a sha256", async () => {
    const storage = new LocalStorage(path.join(root, "c"));
    await expect(storage.putBuffer(Buffer.from("x"), "../../etc/passwd")).rejects.toThrow("invalid content address");
  });
});
