import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/**
 * Content-addressed local storage under DATA_DIR/uploads: a file's name is its sha256, so the same image is stored once.
 * Writes stream to a temporary file while hashing, then rename into place (atomic; never buffered whole).
 */
export interface StoredObject {
  sha256: string;
  bytes: number;
}

// Temporary files: this process's random prefix and a counter (a random name per file cost a call into crypto per image).
const TEMP_PREFIX = randomBytes(8).toString("hex");
let tempCounter = 0;

export class LocalStorage {
  constructor(readonly root: string) {}

  private tempPath() {
    return path.join(this.root, "tmp", `${TEMP_PREFIX}-${(tempCounter++).toString(36)}`);
  }

  pathOf(sha256: string) {
    if (!/^[a-f0-9]{64}$/.test(sha256)) throw new Error("invalid content address");
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(source: Readable | AsyncIterable<Uint8Array>, { maxBytes = Infinity } = {}): Promise<StoredObject> {
    await mkdir(path.join(this.root, "tmp"), { recursive: true });
    const temp = this.tempPath();
    const hash = createHash("sha256");
    let bytes = 0;
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Uint8Array>) {
          for await (const chunk of chunks) {
            bytes += chunk.length;
            if (bytes > maxBytes) throw new StorageLimitError(maxBytes);
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(temp),
      );
      const sha256 = hash.digest("hex");
      const target = this.pathOf(sha256);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temp, target);
      return { sha256, bytes };
    } finally {
      await rm(temp, { force: true });
    }
  }

  /**
   * Bytes already in memory whose sha256 the caller computed from them (a fetched image): one write and a rename, with
   * no stream and no second hash. The folders are made once per process (again if someone removed them meanwhile).
   */
  async putBuffer(bytes: Buffer, sha256: string): Promise<StoredObject> {
    const target = this.pathOf(sha256);
    const temp = this.tempPath();
    const folders = [path.dirname(temp), path.dirname(target)];
    const store = async () => {
      await this.makeFolders(...folders);
      await writeFile(temp, bytes);
      await rename(temp, target);
    };
    try {
      await store().catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
        this.madeFolders.clear(); // a folder made earlier is gone: make them again, once
        return store();
      });
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { sha256, bytes: bytes.length };
  }

  private readonly madeFolders = new Set<string>();
  private async makeFolders(...folders: string[]) {
    for (const folder of folders) {
      if (this.madeFolders.has(folder)) continue;
      await mkdir(folder, { recursive: true });
      this.madeFolders.add(folder);
    }
  }

  read(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }

  stream(sha256: string) {
    return createReadStream(this.pathOf(sha256));
  }

  async exists(sha256: string) {
    return stat(this.pathOf(sha256)).then(() => true, () => false);
  }

  async delete(sha256: string) {
    await rm(this.pathOf(sha256), { force: true });
  }
}

export class StorageLimitError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit.`);
  }
}

export function uploadsStorage(dataDir: string) {
  return new LocalStorage(path.join(dataDir, "uploads"));
}
