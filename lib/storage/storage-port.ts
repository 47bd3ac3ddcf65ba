import type { Readable } from "node:stream";

/**
 * The one way Loupe keeps files, whichever adapter holds them (local disk or an S3 bucket):
 * - images (uploads, fetched URLs, derived images) by content: a file's name is its sha256, so the same bytes are stored once;
 * - named files (CSV uploads and their metadata, validation reports), under keys such as `csv/<uuid>.csv`.
 * Everything streams: nothing is held whole in memory except what a caller hands over as a Buffer.
 */
export interface StoredObject {
  sha256: string;
  bytes: number;
}

export type ByteSource = Readable | AsyncIterable<Uint8Array>;

export interface LoupeStorage {
  readonly kind: "local" | "s3";
  /** Streams bytes in while hashing them; past maxBytes it throws StorageLimitError and keeps nothing. */
  put(source: ByteSource, options?: { maxBytes?: number }): Promise<StoredObject>;
  /** Bytes already in memory whose sha256 the caller computed from them (a fetched or derived image). */
  putBuffer(bytes: Buffer, sha256: string): Promise<StoredObject>;
  read(sha256: string): Promise<Buffer>;
  stream(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;

  /** Stores a named file from a stream or bytes (replacing one of that name). */
  putFile(key: string, source: ByteSource | Buffer, options?: { maxBytes?: number }): Promise<{ bytes: number }>;
  /** Moves a finished local file into storage under key (the local file is gone afterwards). */
  moveFileIn(key: string, localPath: string): Promise<{ bytes: number }>;
  /** The named file as a stream, or null when there is none. */
  openFile(key: string): Promise<Readable | null>;
  fileExists(key: string): Promise<boolean>;
  deleteFile(key: string): Promise<void>;
  /**
   * A path on this machine to read the named file from (CSV parsing seeks): the stored file itself on local disk, else a
   * copy streamed into scratchDir that release() removes. Null when there is no such file.
   */
  localCopy(key: string, scratchDir: string): Promise<{ path: string; release(): Promise<void> } | null>;

  /** What is stored: images and named files. Walks or lists everything, so callers cache it. */
  usage(): Promise<{ bytes: number; files: number }>;
}

export class StorageLimitError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit.`);
  }
}

export const CONTENT_ADDRESS = /^[a-f0-9]{64}$/;

export function checkContentAddress(sha256: string) {
  if (!CONTENT_ADDRESS.test(sha256)) throw new Error("invalid content address");
}

/** Named files live in a few known folders; a key never climbs out of them. */
export function checkFileKey(key: string) {
  if (!/^(csv|reports|exports)\/[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/.test(key) || key.includes("..")) throw new Error(`invalid storage key: ${key}`);
}

/** Counts and hashes a stream on its way to an adapter, failing past maxBytes. */
export async function* measured(source: ByteSource, maxBytes: number, seen: { bytes: number; hash?: import("node:crypto").Hash }): AsyncGenerator<Uint8Array> {
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    seen.bytes += chunk.length;
    if (seen.bytes > maxBytes) throw new StorageLimitError(maxBytes);
    seen.hash?.update(chunk);
    yield chunk;
  }
}
