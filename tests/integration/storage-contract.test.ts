import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config";
import { uploadsStorage, type LoupeStorage } from "../../lib/storage";
import { S3Storage } from "../../lib/storage/s3-adapter";
import { StorageLimitError } from "../../lib/storage/storage-port";
import { startS3Server, type S3TestServer } from "../helpers/s3-server";

// One suite, every adapter: what Loupe relies on from storage holds on local disk and on a real S3-speaking server.
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const text = async (stream: Readable | null) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream!) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};
/** A body in small chunks, so nothing upstream holds it whole either. */
function* chunksOf(bytes: Buffer, size = 64 * 1024) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

let s3: S3TestServer;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-contract-"));
beforeAll(async () => {
  s3 = await startS3Server(["contract"]);
});
afterAll(async () => {
  await s3?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const adapters: [string, () => LoupeStorage][] = [
  ["local", () => uploadsStorage(loadConfig({ DATA_DIR: path.join(dataDir, "local") }))],
  ["s3", () => uploadsStorage(loadConfig({ DATA_DIR: path.join(dataDir, "s3"), ...s3.env("contract", "team/loupe") }))],
];

describe.each(adapters)("storage contract on %s", (kind, make) => {
  let storage: LoupeStorage;
  beforeAll(() => {
    storage = make();
  });

  it("is the adapter STORAGE_URL asks for", () => {
    expect(storage.kind).toBe(kind);
  });

  it("stores a stream under its sha256, once, and reads it back whole or streamed", async () => {
    const bytes = randomBytes(300_000);
    const before = await storage.usage();
    const stored = await storage.put(Readable.from(chunksOf(bytes)));
    expect(stored).toEqual({ sha256: sha256(bytes), bytes: bytes.length });
    expect(await storage.put(Readable.from(chunksOf(bytes)))).toEqual(stored);
    expect(await storage.exists(stored.sha256)).toBe(true);
    expect((await storage.read(stored.sha256)).equals(bytes)).toBe(true);
    expect((await text(await storage.stream(stored.sha256))).equals(bytes)).toBe(true);
    const after = await storage.usage();
    expect(after).toEqual({ bytes: before.bytes + bytes.length, files: before.files + 1 });
  });

  it("streams a file larger than several upload parts without changing a byte", async () => {
    const bytes = randomBytes(20 * 1024 * 1024 + 12345);
    const stored = await storage.put(Readable.from(chunksOf(bytes, 1024 * 1024)));
    expect(stored.sha256).toBe(sha256(bytes));
    expect(sha256(await text(await storage.stream(stored.sha256)))).toBe(sha256(bytes));
  });

  it("refuses a stream past maxBytes and keeps nothing of it", async () => {
    const before = await storage.usage();
    const bytes = randomBytes(200_000);
    await expect(storage.put(Readable.from(chunksOf(bytes, 10_000)), { maxBytes: 100_000 })).rejects.toBeInstanceOf(StorageLimitError);
    expect(await storage.exists(sha256(bytes))).toBe(false);
    expect(await storage.usage()).toEqual(before);
    if (storage instanceof S3Storage) {
      const listed = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: `${storage.prefix}tmp/` }));
      expect(listed.Contents ?? []).toEqual([]);
    }
  });

  it("stores bytes whose hash the caller knows, and deletes them", async () => {
    const bytes = Buffer.from(`derived image ${kind}`);
    expect(await storage.putBuffer(bytes, sha256(bytes))).toEqual({ sha256: sha256(bytes), bytes: bytes.length });
    expect((await storage.read(sha256(bytes))).equals(bytes)).toBe(true);
    await storage.delete(sha256(bytes));
    expect(await storage.exists(sha256(bytes))).toBe(false);
    await expect(storage.read(sha256(bytes))).rejects.toThrow();
    await expect(storage.stream(sha256(bytes))).rejects.toThrow();
    await storage.delete(sha256(bytes)); // deleting what is gone is fine
  });

  it("refuses a content address or file key that is not one", async () => {
    await expect(storage.putBuffer(Buffer.from("x"), "../../etc/passwd")).rejects.toThrow("invalid content address");
    await expect(storage.read("abc")).rejects.toThrow("invalid content address");
    await expect(storage.putFile("../outside.csv", Buffer.from("x"))).rejects.toThrow("invalid storage key");
    await expect(storage.openFile("csv/../../etc/passwd")).rejects.toThrow("invalid storage key");
  });

  it("keeps named files: put, open, replace, copy to this machine, move in, delete", async () => {
    expect(await storage.openFile("csv/none.csv")).toBeNull();
    expect(await storage.fileExists("csv/none.csv")).toBe(false);
    expect(await storage.localCopy("csv/none.csv", path.join(dataDir, "scratch"))).toBeNull();

    expect(await storage.putFile("csv/a.json", Buffer.from('{"fileName":"a.csv"}'))).toEqual({ bytes: 20 });
    expect((await text(await storage.openFile("csv/a.json"))).toString()).toBe('{"fileName":"a.csv"}');
    await storage.putFile("csv/a.json", Readable.from([Buffer.from("replaced")]));
    expect((await text(await storage.openFile("csv/a.json"))).toString()).toBe("replaced");
    await expect(storage.putFile("csv/b.json", Readable.from([randomBytes(5000)]), { maxBytes: 1000 })).rejects.toBeInstanceOf(StorageLimitError);
    expect(await storage.fileExists("csv/b.json")).toBe(false);

    const local = path.join(dataDir, `upload-${kind}.csv`);
    writeFileSync(local, "url\nhttps://example.com/a.jpg\n");
    expect(await storage.moveFileIn("csv/upload.csv", local)).toEqual({ bytes: 30 });
    expect(existsSync(local)).toBe(false);
    const copy = await storage.localCopy("csv/upload.csv", path.join(dataDir, "scratch"));
    expect(readFileSync(copy!.path, "utf8")).toBe("url\nhttps://example.com/a.jpg\n");
    await copy!.release();
    expect(await storage.fileExists("csv/upload.csv")).toBe(true); // releasing a copy never deletes the stored file

    await storage.deleteFile("csv/upload.csv");
    expect(await storage.openFile("csv/upload.csv")).toBeNull();
  });
});

describe("two processes' view of one bucket", () => {
  it("a file stored through one configuration is read through another with the same STORAGE_URL", async () => {
    const a = new S3Storage((uploadsStorage(loadConfig({ DATA_DIR: path.join(dataDir, "a"), ...s3.env("contract", "shared") })) as S3Storage).client, "contract", "shared/");
    const b = uploadsStorage(loadConfig({ DATA_DIR: path.join(dataDir, "b"), ...s3.env("contract", "shared") }));
    const bytes = randomBytes(1000);
    const stored = await a.put(Readable.from([bytes]));
    expect((await b.read(stored.sha256)).equals(bytes)).toBe(true);
  });
});
