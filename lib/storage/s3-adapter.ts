import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { checkContentAddress, checkFileKey, measured, StorageLimitError, type ByteSource, type LoupeStorage, type StoredObject } from "./storage-port";

const TEMP_PREFIX = randomBytes(8).toString("hex");
let tempCounter = 0;

// 8 MB parts, 4 in flight: a stream's memory stays near 32 MB whatever its size (S3 allows 10,000 parts: 80 GB).
const PART_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 4;

const notFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.name === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
};

/**
 * The S3 adapter (AWS S3, Cloudflare R2, MinIO, GCS interop): images at `<prefix>uploads/<sha[0..2]>/<sha>`, named files at
 * `<prefix><key>`. A stream of unknown hash is uploaded (multipart past one part) to a temporary key while hashing, then
 * copied to its content address and the temporary object removed.
 */
export class S3Storage implements LoupeStorage {
  readonly kind = "s3";

  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    /** "" or ends with "/". */
    readonly prefix: string,
  ) {}

  keyOf(sha256: string) {
    checkContentAddress(sha256);
    return `${this.prefix}uploads/${sha256.slice(0, 2)}/${sha256}`;
  }

  fileKey(key: string) {
    checkFileKey(key);
    return `${this.prefix}${key}`;
  }

  private async upload(key: string, body: Readable) {
    await new Upload({ client: this.client, params: { Bucket: this.bucket, Key: key, Body: body }, partSize: PART_BYTES, queueSize: PARTS_IN_FLIGHT, leavePartsOnError: false }).done();
  }

  private async head(key: string) {
    try {
      return await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  private async get(key: string): Promise<Readable | null> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return answer.Body as Readable;
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  async put(source: ByteSource, { maxBytes = Infinity } = {}): Promise<StoredObject> {
    const temp = `${this.prefix}tmp/${TEMP_PREFIX}-${(tempCounter++).toString(36)}`;
    const seen = { bytes: 0, hash: createHash("sha256") };
    try {
      await this.upload(temp, Readable.from(measured(source, maxBytes, seen)));
      const sha256 = seen.hash.digest("hex");
      const target = this.keyOf(sha256);
      if (!(await this.head(target))) {
        await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: target, CopySource: `${this.bucket}/${encodeURIComponent(temp).replace(/%2F/g, "/")}` }));
      }
      return { sha256, bytes: seen.bytes };
    } finally {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: temp })).catch(() => {});
    }
  }

  async putBuffer(bytes: Buffer, sha256: string): Promise<StoredObject> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256), Body: bytes, ContentLength: bytes.length }));
    return { sha256, bytes: bytes.length };
  }

  async read(sha256: string): Promise<Buffer> {
    const body = await this.get(this.keyOf(sha256));
    if (!body) throw Object.assign(new Error(`no stored file ${sha256}`), { code: "ENOENT" });
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async stream(sha256: string): Promise<Readable> {
    const body = await this.get(this.keyOf(sha256));
    if (!body) throw Object.assign(new Error(`no stored file ${sha256}`), { code: "ENOENT" });
    return body;
  }

  async exists(sha256: string) {
    return (await this.head(this.keyOf(sha256))) !== null;
  }

  async delete(sha256: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
  }

  async putFile(key: string, source: ByteSource | Buffer, { maxBytes = Infinity } = {}) {
    const target = this.fileKey(key);
    if (Buffer.isBuffer(source)) {
      if (source.length > maxBytes) throw new StorageLimitError(maxBytes);
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: target, Body: source, ContentLength: source.length }));
      return { bytes: source.length };
    }
    const seen = { bytes: 0 };
    await this.upload(target, Readable.from(measured(source, maxBytes, seen)));
    return { bytes: seen.bytes };
  }

  async moveFileIn(key: string, localPath: string) {
    const { size } = await stat(localPath);
    await this.upload(this.fileKey(key), createReadStream(localPath));
    await rm(localPath, { force: true });
    return { bytes: size };
  }

  async openFile(key: string) {
    return this.get(this.fileKey(key));
  }

  async fileExists(key: string) {
    return (await this.head(this.fileKey(key))) !== null;
  }

  async deleteFile(key: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.fileKey(key) }));
  }

  async localCopy(key: string, scratchDir: string) {
    const body = await this.openFile(key);
    if (!body) return null;
    await mkdir(scratchDir, { recursive: true });
    const file = path.join(scratchDir, `${TEMP_PREFIX}-${(tempCounter++).toString(36)}-${path.basename(key)}`);
    try {
      await pipeline(body, createWriteStream(file));
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
    return { path: file, release: () => rm(file, { force: true }) };
  }

  async usage() {
    let bytes = 0;
    let files = 0;
    for (const folder of ["uploads/", "csv/", "reports/"]) {
      let token: string | undefined;
      do {
        const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + folder, ContinuationToken: token }));
        for (const object of page.Contents ?? []) {
          bytes += object.Size ?? 0;
          files += 1;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    }
    return { bytes, files };
  }
}
