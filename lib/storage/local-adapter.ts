import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { checkContentAddress, checkFileKey, measured, type ByteSource, type LoupeStorage, type StoredObject } from "./storage-port";

// Temporary files: this process's random prefix and a counter (a random name per file cost a call into crypto per image).
const TEMP_PREFIX = randomBytes(8).toString("hex");
let tempCounter = 0;

const missing = (error: unknown) => (error as NodeJS.ErrnoException)?.code === "ENOENT";

/**
 * The local adapter: images under `root` (DATA_DIR/uploads) as `<sha[0..2]>/<sha>`, named files under `filesRoot`
 * (DATA_DIR: `csv/…`, `reports/…`). Writes stream to a temporary file while hashing, then rename into place (atomic).
 */
export class LocalStorage implements LoupeStorage {
  readonly kind = "local";

  constructor(
    readonly root: string,
    readonly filesRoot = path.dirname(root),
  ) {}

  private tempPath() {
    return path.join(this.root, "tmp", `${TEMP_PREFIX}-${(tempCounter++).toString(36)}`);
  }

  pathOf(sha256: string) {
    checkContentAddress(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  filePath(key: string) {
    checkFileKey(key);
    return path.join(this.filesRoot, key);
  }

  async put(source: ByteSource, { maxBytes = Infinity } = {}): Promise<StoredObject> {
    await mkdir(path.join(this.root, "tmp"), { recursive: true });
    const temp = this.tempPath();
    const seen = { bytes: 0, hash: createHash("sha256") };
    try {
      await pipeline(source, (chunks: ByteSource) => measured(chunks, maxBytes, seen), createWriteStream(temp));
      const sha256 = seen.hash.digest("hex");
      const target = this.pathOf(sha256);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temp, target);
      return { sha256, bytes: seen.bytes };
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** One write and a rename, with no stream and no second hash. Folders are made once per process (again if removed). */
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

  async read(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }

  async stream(sha256: string): Promise<Readable> {
    const file = this.pathOf(sha256);
    await stat(file); // a missing file fails here, not later mid-response
    return createReadStream(file);
  }

  async exists(sha256: string) {
    return stat(this.pathOf(sha256)).then(() => true, () => false);
  }

  async delete(sha256: string) {
    await rm(this.pathOf(sha256), { force: true });
  }

  async putFile(key: string, source: ByteSource | Buffer, { maxBytes = Infinity } = {}) {
    const target = this.filePath(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${TEMP_PREFIX}-${(tempCounter++).toString(36)}.part`;
    const seen = { bytes: 0 };
    try {
      await pipeline(Buffer.isBuffer(source) ? Readable.from([source]) : source, (chunks: ByteSource) => measured(chunks, maxBytes, seen), createWriteStream(temp));
      await rename(temp, target);
      return { bytes: seen.bytes };
    } finally {
      await rm(temp, { force: true });
    }
  }

  async moveFileIn(key: string, localPath: string) {
    const target = this.filePath(key);
    const { size } = await stat(localPath);
    if (path.resolve(localPath) === target) return { bytes: size };
    await mkdir(path.dirname(target), { recursive: true });
    await rename(localPath, target).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== "EXDEV") throw error;
      await copyFile(localPath, target); // another file system: copy, then drop the original
      await rm(localPath, { force: true });
    });
    return { bytes: size };
  }

  async openFile(key: string) {
    const file = this.filePath(key);
    return stat(file).then(
      () => createReadStream(file) as Readable,
      (error) => {
        if (missing(error)) return null;
        throw error;
      },
    );
  }

  async fileExists(key: string) {
    return stat(this.filePath(key)).then(() => true, () => false);
  }

  async deleteFile(key: string) {
    await rm(this.filePath(key), { force: true });
  }

  async localCopy(key: string) {
    const file = this.filePath(key);
    if (!(await this.fileExists(key))) return null;
    return { path: file, release: async () => {} };
  }

  async usage() {
    let bytes = 0;
    let files = 0;
    for (const folder of [this.root, path.join(this.filesRoot, "csv"), path.join(this.filesRoot, "reports")]) {
      const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        bytes += await stat(path.join(entry.parentPath, entry.name)).then((s) => s.size, () => 0);
        files += 1;
      }
    }
    return { bytes, files };
  }
}
