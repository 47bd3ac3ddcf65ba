import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { LoupeError } from "../errors";

/** STORAGE_QUOTA_MB as bytes over the folders uploads are kept in, or null when only the disk limits them. */
export interface StorageQuota {
  dataDir: string;
  bytes: number;
}

const QUOTA_FOLDERS = ["uploads", "csv"];

export function storageQuota(config: { dataDir: string; STORAGE_QUOTA_MB?: number }): StorageQuota | null {
  return config.STORAGE_QUOTA_MB ? { dataDir: config.dataDir, bytes: config.STORAGE_QUOTA_MB * 1024 * 1024 } : null;
}

/**
 * Bytes an upload may still take under the quota (Infinity without one). It sums the stored files on every call, which is
 * fine for the small installs a quota is meant for; a large install sizes its disk instead.
 */
export async function remainingQuota(quota: StorageQuota | null | undefined): Promise<number> {
  if (!quota) return Infinity;
  let used = 0;
  for (const folder of QUOTA_FOLDERS) {
    const entries = await readdir(path.join(quota.dataDir, folder), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isFile()) used += await stat(path.join(entry.parentPath, entry.name)).then((s) => s.size, () => 0);
    }
  }
  return Math.max(quota.bytes - used, 0);
}

/** The one answer to "there is no room": over STORAGE_QUOTA_MB, or the disk itself full (ENOSPC). */
export function storageFullError() {
  return new LoupeError(
    507,
    "storage_full",
    "Loupe's storage is full, so this upload was not saved (files stored earlier are kept). Delete batches you no longer need, or raise STORAGE_QUOTA_MB / free disk space, then upload again.",
  );
}

export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "ENOSPC" || code === "EDQUOT";
}
