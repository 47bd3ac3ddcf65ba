import { LoupeError } from "../errors";
import { uploadsStorage, type LoupeStorage, type StorageConfig } from "./index";

/** STORAGE_QUOTA_MB as bytes over what the storage holds (images, CSVs, reports), or null when only the disk limits it. */
export interface StorageQuota {
  storage: LoupeStorage;
  bytes: number;
}

export function storageQuota(config: StorageConfig & { STORAGE_QUOTA_MB?: number }): StorageQuota | null {
  return config.STORAGE_QUOTA_MB ? { storage: uploadsStorage(config), bytes: config.STORAGE_QUOTA_MB * 1024 * 1024 } : null;
}

/**
 * Bytes an upload may still take under the quota (Infinity without one). It sums the stored files on every call, which is
 * fine for the small installs a quota is meant for; a large install sizes its disk or bucket instead.
 */
export async function remainingQuota(quota: StorageQuota | null | undefined): Promise<number> {
  if (!quota) return Infinity;
  const { bytes } = await quota.storage.usage();
  return Math.max(quota.bytes - bytes, 0);
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
