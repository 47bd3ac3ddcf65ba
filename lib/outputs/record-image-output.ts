import type { PrismaClient } from "../db/generated/client";

export interface ImageOutputRecord {
  imageId: bigint;
  batchId: string;
  kind: "transform" | "variant";
  /** 1 unless regenerated. */
  generation?: number;
  /** A variant's number (1..N); 0 for a transform. */
  position?: number;
  sha256: string;
  mimeType: string;
  bytes: number;
  width: number;
  height: number;
  /** What making it billed (a variant's Gemini call); 0 when not given. */
  usage?: { inputTokens: number; outputTokens: number; costMicros: number };
}

/**
 * Records an output of an image, once: a job retried after a crash (or delivered twice) meets the unique key on (image,
 * kind, generation, position) and brings the row up to date with what it stored, instead of adding a second row.
 */
export async function recordImageOutput(db: PrismaClient, output: ImageOutputRecord): Promise<bigint> {
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    INSERT INTO image_outputs (image_id, batch_id, kind, generation, position, sha256, mime_type, bytes, width, height, review_status, input_tokens, output_tokens, cost_micros)
    VALUES (${output.imageId}, ${output.batchId}::uuid, ${output.kind}::"ImageOutputKind", ${output.generation ?? 1}, ${output.position ?? 0},
            ${output.sha256}, ${output.mimeType}, ${output.bytes}, ${output.width}, ${output.height},
            ${output.kind === "variant" ? "pending" : null}::"OutputReviewStatus",
            ${output.usage?.inputTokens ?? 0}, ${output.usage?.outputTokens ?? 0}, ${output.usage?.costMicros ?? 0})
    ON CONFLICT (image_id, kind, generation, position) DO UPDATE
      SET sha256 = excluded.sha256, mime_type = excluded.mime_type, bytes = excluded.bytes, width = excluded.width, height = excluded.height
    RETURNING id`;
  return rows[0].id;
}
