import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sweepTempFiles, TEMP_FILE_MAX_AGE_MS } from "../../lib/storage/sweep-temp-files";

describe("sweepTempFiles", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "loupe-sweep-"));
  afterEach(() => rmSync(path.join(dataDir, "tmp"), { recursive: true, force: true }));

  it("removes files and folders in DATA_DIR/tmp untouched for a day, and keeps newer ones", async () => {
    const tmp = path.join(dataDir, "tmp");
    mkdirSync(path.join(tmp, "old-zip"), { recursive: true });
    writeFileSync(path.join(tmp, "old-zip", "entry.png"), "x");
    writeFileSync(path.join(tmp, "old-spool"), "body");
    writeFileSync(path.join(tmp, "fresh-spool"), "body");
    const dayAgo = (Date.now() - TEMP_FILE_MAX_AGE_MS - 60_000) / 1000;
    utimesSync(path.join(tmp, "old-zip"), dayAgo, dayAgo);
    utimesSync(path.join(tmp, "old-spool"), dayAgo, dayAgo);

    expect(await sweepTempFiles(dataDir)).toBe(2);
    expect(existsSync(path.join(tmp, "old-zip"))).toBe(false);
    expect(existsSync(path.join(tmp, "old-spool"))).toBe(false);
    expect(existsSync(path.join(tmp, "fresh-spool"))).toBe(true);
  });

  it("a DATA_DIR without tmp is nothing to do", async () => {
    expect(await sweepTempFiles(dataDir)).toBe(0);
  });
});
