import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import yauzl from "yauzl";
import type { Config } from "../config";
import { badRequest, LoupeError } from "../errors";
import type { LoupeStorage } from "../storage";
import type { StorageQuota } from "../storage/storage-quota";
import { storeImageUpload } from "./store-image-upload";

export interface ZipLimits {
  /** Largest archive accepted. */
  maxZipBytes: number;
  /** Largest single image inside. */
  maxImageBytes: number;
  /** Sum of the declared uncompressed sizes: past it the archive is treated as a zip bomb. */
  maxTotalBytes: number;
  maxEntries: number;
  /** STORAGE_QUOTA_MB: past it, entries are refused with 507 like single uploads. */
  quota?: StorageQuota | null;
}

const MB = 1024 * 1024;

/** The limits every ZIP upload has (POST /uploads/zip, a ZIP in POST /batches' form), from the config. */
export const zipLimits = (config: Pick<Config, "MAX_ZIP_MB" | "MAX_UPLOAD_MB">, quota: StorageQuota | null): ZipLimits => ({
  maxZipBytes: config.MAX_ZIP_MB * MB,
  maxImageBytes: config.MAX_UPLOAD_MB * MB,
  maxTotalBytes: Math.max(2 * config.MAX_ZIP_MB * MB, 100 * MB),
  maxEntries: 10_000,
  quota,
});

const SUSPICIOUS_RATIO = 100; // images barely compress; 100:1 on a big entry is a bomb, not a photo

type StoredImage = Awaited<ReturnType<typeof storeImageUpload>>;

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: false, strictFileNames: false, decodeStrings: false }, (error, zip) => (error ? reject(error) : resolve(zip!))));
}

function readStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream!))));
}

/** Fails an entry that inflates past the size its header declared (a bomb hiding its size), before storage sees more. */
async function* honestSize(source: Readable, declared: number, name: string): AsyncGenerator<Buffer> {
  let seen = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    seen += chunk.length;
    if (seen > declared) throw new LoupeError(400, "zip_invalid", `${name}: refused, it inflates past the size its header declares (${declared} bytes).`);
    yield chunk;
  }
}

/** Names are decoded here, not by yauzl, whose strict check would fail the whole archive on one `../` entry. */
function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as string | Buffer;
  return typeof raw === "string" ? raw : raw.toString(entry.generalPurposeBitFlag & 0x800 ? "utf8" : "latin1");
}

function unsafePath(name: string): boolean {
  return name.startsWith("/") || /^[a-zA-Z]:/.test(name) || name.split(/[\\/]/).includes("..") || name.includes("\0");
}

/**
 * A ZIP of images: streamed to a temporary file (ZIPs are read from their central directory, at the end), then each image
 * entry streamed into content-addressed storage and checked like a single upload. Refused: path traversal names, entries over
 * the size limit, bomb-like compression ratios, and archives whose declared total is too large. Good images go on.
 */
export async function storeZipUpload(storage: LoupeStorage, tempDir: string, body: ReadableStream<Uint8Array> | Readable | null, fileName: string, limits: ZipLimits) {
  if (!body) throw badRequest("zip_empty", `${fileName} is empty (0 bytes).`);
  await mkdir(tempDir, { recursive: true });
  const temp = path.join(tempDir, `${randomBytes(12).toString("hex")}.zip`);
  const accepted: StoredImage[] = [];
  const rejected: { name: string; code: string; message: string }[] = [];
  try {
    let received = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        if (received > limits.maxZipBytes) done(new LoupeError(413, "zip_too_large", `${fileName} is over the ${Math.round(limits.maxZipBytes / 1048576)} MB limit for archives.`));
        else done(null, chunk);
      },
    });
    await pipeline(body instanceof Readable ? body : Readable.fromWeb(body as WebReadableStream<Uint8Array>), cap, createWriteStream(temp));
    if (received === 0) throw badRequest("zip_empty", `${fileName} is empty (0 bytes).`);
    const zip = await openZip(temp).catch(() => {
      throw badRequest("zip_invalid", `${fileName} is not a ZIP archive Loupe can read.`);
    });
    try {
      if (zip.entryCount > limits.maxEntries) throw new LoupeError(413, "zip_too_many_entries", `${fileName} has ${zip.entryCount} entries; the limit is ${limits.maxEntries}.`);
      // The whole central directory first: a bomb is refused before a single byte is extracted.
      const listed: yauzl.Entry[] = [];
      for await (const entry of entries(zip)) listed.push(entry);
      const images = listed.filter((entry) => {
        const name = entryName(entry);
        return !name.endsWith("/") && !name.startsWith("__MACOSX/") && !path.basename(name).startsWith(".");
      });
      const declaredTotal = images.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
      if (declaredTotal > limits.maxTotalBytes) {
        throw new LoupeError(413, "zip_bomb", `${fileName} expands to ${Math.round(declaredTotal / 1048576)} MB, over the ${Math.round(limits.maxTotalBytes / 1048576)} MB limit: refused as a possible zip bomb.`);
      }
      for (const entry of images) {
        const name = entryName(entry);
        if (unsafePath(name)) {
          rejected.push({ name, code: "zip_unsafe_path", message: `${name}: refused, the path leaves the archive (.. or absolute).` });
          continue;
        }
        if (entry.uncompressedSize > limits.maxImageBytes) {
          rejected.push({ name, code: "image_too_large", message: `${name} is over the ${Math.round(limits.maxImageBytes / 1048576)} MB limit (MAX_UPLOAD_MB).` });
          continue;
        }
        if (entry.uncompressedSize > 1_048_576 && entry.uncompressedSize > entry.compressedSize * SUSPICIOUS_RATIO) {
          rejected.push({ name, code: "zip_bomb", message: `${name}: refused, it compresses ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))}:1 like a zip bomb, not like an image.` });
          continue;
        }
        try {
          const stream = await readStream(zip, entry);
          accepted.push(await storeImageUpload(storage, Readable.from(honestSize(stream, entry.uncompressedSize, name)), path.basename(name), limits.maxImageBytes, limits.quota));
        } catch (error) {
          if (!(error instanceof LoupeError)) {
            rejected.push({ name, code: "zip_invalid", message: `${name}: could not be read from the archive (${(error as Error).message}).` });
            continue;
          }
          rejected.push({ name, code: error.code, message: error.message.startsWith(path.basename(name)) ? error.message : `${name}: ${error.message}` });
        }
      }
    } catch (error) {
      throw error instanceof LoupeError ? error : badRequest("zip_invalid", `${fileName} is damaged: ${(error as Error).message}`);
    } finally {
      zip.close();
    }
    if (accepted.length === 0 && rejected.length === 0) throw badRequest("zip_no_images", `${fileName} holds no images.`);
    return { accepted, rejected };
  } finally {
    await rm(temp, { force: true });
  }
}

async function* entries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const cleanup = () => zip.removeListener("entry", onEntry).removeListener("end", onEnd).removeListener("error", onError);
      const onEntry = (e: yauzl.Entry) => (cleanup(), resolve(e));
      const onEnd = () => (cleanup(), resolve(null));
      const onError = (error: Error) => (cleanup(), reject(error));
      zip.on("entry", onEntry).on("end", onEnd).on("error", onError);
      zip.readEntry();
    });
    if (!entry) return;
    yield entry;
  }
}
