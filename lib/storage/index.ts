import path from "node:path";
import { LocalStorage } from "./local-adapter";
import { S3Storage } from "./s3-adapter";
import { s3Client, type S3Settings } from "./s3-client";
import type { LoupeStorage } from "./storage-port";

export { StorageLimitError, type LoupeStorage, type StoredObject } from "./storage-port";

/** Where Loupe keeps its files: DATA_DIR on this machine, or a bucket every machine shares (STORAGE_URL=s3://bucket/prefix). */
export type StorageSettings = { kind: "local" } | ({ kind: "s3"; bucket: string; prefix: string } & S3Settings);

export interface StorageConfig {
  dataDir: string;
  storage?: StorageSettings;
}

const adapters = new Map<string, LoupeStorage>();

/**
 * The storage of this install, one adapter per setting per process (an S3 client keeps its connections). A bare data
 * directory, as callers wrote before the port, is local storage under it; pass the config to follow STORAGE_URL.
 */
export function uploadsStorage(config: string | StorageConfig): LoupeStorage {
  const { dataDir, storage = { kind: "local" } } = typeof config === "string" ? { dataDir: config } : config;
  const id = storage.kind === "local" ? `local:${path.resolve(dataDir)}` : `s3:${JSON.stringify(storage)}`;
  let adapter = adapters.get(id);
  if (!adapter) {
    adapter = storage.kind === "local" ? new LocalStorage(path.join(path.resolve(dataDir), "uploads")) : new S3Storage(s3Client(storage), storage.bucket, storage.prefix);
    adapters.set(id, adapter);
  }
  return adapter;
}
