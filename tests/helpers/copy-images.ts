import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { PrismaClient } from "../../lib/db/generated/client";

/**
 * A parent batch of `parts` parts with `perPart` images each, the images written with COPY (a million rows in seconds).
 * `sha256Of(n)` gives image n (1-based over the whole parent) a stored file, or null for a URL image not fetched yet.
 */
export async function copyLargeParent(
  db: PrismaClient,
  databaseUrl: string,
  { parts, perPart, name = "Large parent", status = "completed", sha256Of = () => null }: { parts: number; perPart: number; name?: string; status?: "completed" | "running"; sha256Of?: (n: number) => string | null },
) {
  const total = parts * perPart;
  const counts = status === "completed" ? { succeededCount: perPart } : { queuedCount: perPart };
  const parent = await db.batch.create({ data: { name, kind: "parent", status, source: "csv", totalImages: total, totalParts: parts } });
  const partIds: string[] = [];
  for (let sequence = 1; sequence <= parts; sequence++) {
    const part = await db.batch.create({ data: { name: `${name} (part ${sequence})`, kind: "part", parentBatchId: parent.id, sequence, status, source: "csv", totalImages: perPart, ...counts } });
    partIds.push(part.id);
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const imageStatus = status === "completed" ? "succeeded" : "queued";
    function* lines() {
      let n = 0;
      for (const partId of partIds) {
        let chunk = "";
        for (let row = 1; row <= perPart; row++) {
          n += 1;
          chunk += `${partId}\t${row}\timage-${n}.jpg\thttp://127.0.0.1:9/image-${n}.jpg\t${sha256Of(n) ?? "\\N"}\t${imageStatus}\n`;
          if (row % 5000 === 0) {
            yield chunk;
            chunk = "";
          }
        }
        if (chunk) yield chunk;
      }
    }
    await pipeline(Readable.from(lines()), client.query(copyFrom("COPY images (batch_id, row_number, name, source_url, sha256, status) FROM STDIN")));
  } finally {
    await client.end();
  }
  return { parentId: parent.id, partIds, total };
}
