import type { PrismaClient } from "../../lib/db/generated/client";

/** A batch with `count` URL images, inserted in one statement as ingestion does. */
export async function seedBatch(db: PrismaClient, { count, name = "Seeded batch", status = "queued", names }: { count: number; name?: string; status?: "queued" | "running"; names?: (i: number) => string }) {
  const batch = await db.batch.create({ data: { name, status, source: "urls", totalImages: count, queuedCount: count } });
  const imageNames = Array.from({ length: count }, (_, i) => names?.(i) ?? `image-${i + 1}.jpg`);
  await db.$executeRaw`
    INSERT INTO images (batch_id, row_number, name, source_url)
    SELECT ${batch.id}::uuid, n, image_name, 'http://127.0.0.1:9/' || image_name
    FROM unnest(${imageNames}::text[]) WITH ORDINALITY AS t(image_name, n)`;
  return batch;
}
