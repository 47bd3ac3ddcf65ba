import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";

/** Older than this, a file in DATA_DIR/tmp belongs to no request or job still running (uploads and ingests take minutes). */
export const TEMP_FILE_MAX_AGE_MS = 24 * 60 * 60_000;

/**
 * Removes what requests and jobs left in DATA_DIR/tmp when their process was killed mid-way (an Idempotency-Key body's
 * spool, a ZIP being unpacked, a CSV's local copy): files and folders not touched for a day. Returns how many went.
 */
export async function sweepTempFiles(dataDir: string, now = Date.now(), maxAgeMs = TEMP_FILE_MAX_AGE_MS): Promise<number> {
  const dir = path.join(dataDir, "tmp");
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const entry = path.join(dir, name);
    const info = await stat(entry).catch(() => null);
    if (!info || now - info.mtimeMs < maxAgeMs) continue;
    await rm(entry, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
