import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../lib/db/client";
import type { PrismaClient } from "../../lib/db/generated/client";
import { exportOutputsZip } from "../../lib/export/export-outputs-zip";
import type { LoupeStorage } from "../../lib/storage";
import { createTestDatabase } from "../helpers/test-database";

// The ZIP writer has no ZIP64 (lib/export/zip-writer.ts says why), so an outputs ZIP stops at 65,535 entries: the
// outputs and manifest.csv. Past that the export is refused before a byte is written, with what to do instead.

describe("an outputs ZIP past 65,535 entries", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: PrismaClient;
  let pool: pg.Pool;
  let batchId: string;
  const reads: string[] = [];
  const storage = { stream: async (sha256: string) => (reads.push(sha256), Promise.reject(new Error("not read in this test"))) } as unknown as LoupeStorage;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createPrismaClient(database.url);
    pool = new pg.Pool({ connectionString: database.url });
    const batch = await db.batch.create({ data: { name: "Huge transform", totalImages: 1 } });
    batchId = batch.id;
    // One output an image, as a transform batch has them: 65,535 outputs, one more than fit with the manifest.
    await pool.query(
      `INSERT INTO images (batch_id, row_number, name, source_url, status)
       SELECT $1, n, 'image-' || n || '.jpg', 'https://cdn.example.com/' || n || '.jpg', 'succeeded' FROM generate_series(1, 65535) AS n`,
      [batchId],
    );
    await pool.query(
      `INSERT INTO image_outputs (image_id, batch_id, kind, sha256, mime_type, bytes, width, height)
       SELECT id, batch_id, 'transform', md5(id::text) || md5(id::text), 'image/jpeg', 100, 10, 10 FROM images WHERE batch_id = $1`,
      [batchId],
    );
  });
  afterAll(async () => {
    await pool?.end();
    await db?.$disconnect();
    await database?.drop();
  });

  it("is refused with 413 and a message saying to download the parts, nothing read from storage", async () => {
    const refused = exportOutputsZip(db, storage, batchId);
    await expect(refused).rejects.toMatchObject({ status: 413, code: "zip_too_many_files", message: "This batch has 65,535 outputs; one ZIP holds at most 65,534. Download its parts one by one." });
    expect(reads).toEqual([]);
  });
});
