import { createHash } from "node:crypto";
import sharp from "sharp";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { AnalysisError } from "../errors";
import type { AttemptRecord } from "../gemini/attempt-record";
import { clientFactoryFor } from "../gemini/create-client";
import { generateImageWithRetries } from "../gemini/generate-image-with-retries";
import { imageModelInfo } from "../gemini/image-models";
import { imageTokensFor } from "../gemini/image-tokens";
import type { KeyPool } from "../gemini/key-pool";
import type { SpendGuard } from "../gemini/spend-guard";
import { prepareImageForModel } from "../images/prepare-for-model";
import type { SuccessRecord } from "../orchestration/finish-image";
import { recordImageOutput } from "../outputs/record-image-output";
import type { LoupeStorage } from "../storage";
import type { EnhanceSettings } from "./enhance-settings";
import { refreshProductStatus } from "./refresh-product-status";

export interface MakeVariantsInput {
  image: { id: bigint; batchId: string };
  original: { bytes: Buffer; sha256: string; mimeType: string | null };
  settings: EnhanceSettings;
  pool: KeyPool;
  spend?: SpendGuard;
  /** Every call's attempt, written to the image's history as it happens (a product makes several calls). */
  recordAttempt: (attempt: AttemptRecord) => Promise<void>;
  signal: AbortSignal;
}

/** A variant's own seed: the same product, generation and number always ask for the same image. */
export const variantSeed = (imageId: bigint, generation: number, position: number) =>
  createHash("sha256").update(`${imageId}:${generation}:${position}`).digest().readUInt32BE(0) & 0x7fffffff;

/**
 * An enhance template's work on one product: N variants from Gemini's image model, one call each, each stored
 * content-addressed and recorded once on (image, variant, generation, position). Variants already recorded (a job
 * retried after a crash) are not asked for again, so a kill -9 anywhere loses none and doubles none. An image-safety
 * answer blocks the product with Google's reason, at once. The image's totals are its variants' (all generations).
 */
export async function makeVariants(db: PrismaClient, config: Config, storage: LoupeStorage, input: MakeVariantsInput): Promise<SuccessRecord> {
  const { image, settings } = input;
  const row = await db.image.findUniqueOrThrow({ where: { id: image.id }, select: { variantGeneration: true, enhanceInstructions: true } });
  const generation = row.variantGeneration ?? 1;
  const instructions = row.enhanceInstructions ?? settings.instructions;
  const done = new Set((await db.imageOutput.findMany({ where: { imageId: image.id, kind: "variant", generation }, select: { position: true } })).map((output) => output.position));
  const missing = Array.from({ length: settings.variants }, (_, index) => index + 1).filter((position) => !done.has(position));
  if (missing.length) {
    const prepared = await prepareImageForModel(input.original.bytes, { maxSide: config.IMAGE_MAX_SIDE, format: config.IMAGE_FORMAT });
    const model = imageModelInfo(settings.model);
    for (const position of missing) {
      const made = await generateImageWithRetries({
        pool: input.pool,
        clients: clientFactoryFor(config),
        settings: { model: settings.model, thinking: "off", mediaResolution: "default", maxOutputTokens: null },
        model,
        prompt: instructions,
        image: { bytes: prepared.bytes, mimeType: prepared.mimeType },
        estimatedInputTokens: imageTokensFor(prepared.sent.width, prepared.sent.height, model) + Math.ceil(instructions.length / 4),
        timeoutMs: config.GEMINI_TIMEOUT_MS,
        retry: { baseMs: config.RETRY_BASE_MS, capMs: config.RETRY_CAP_MS, maxAttempts: config.RETRY_MAX_ATTEMPTS },
        signal: input.signal,
        onAttempt: input.recordAttempt,
        spend: input.spend,
        request: { aspectRatio: settings.aspectRatio, seed: variantSeed(image.id, generation, position) },
      }).catch(async (error: unknown) => {
        if (error instanceof AnalysisError && error.code === "blocked") {
          await db.image.update({ where: { id: image.id }, data: { productStatus: "blocked" } });
        }
        throw error;
      });
      const metadata = await sharp(made.value.bytes).metadata().catch(() => null);
      if (!metadata?.width || !metadata.height) throw new AnalysisError("bad_output", "Gemini's image could not be read.", { retryable: true });
      const sha256 = createHash("sha256").update(made.value.bytes).digest("hex");
      // Stored first, then recorded: a crash between the two leaves bytes no row names (stored again next time, same
      // address), never a row without its bytes.
      await storage.putBuffer(made.value.bytes, sha256);
      await recordImageOutput(db, {
        imageId: image.id,
        batchId: image.batchId,
        kind: "variant",
        generation,
        position,
        sha256,
        mimeType: made.value.mimeType,
        bytes: made.value.bytes.length,
        width: metadata.width,
        height: metadata.height,
        usage: { inputTokens: made.inputTokens, outputTokens: made.outputTokens, costMicros: made.costMicros },
      });
    }
  }
  await refreshProductStatus(db, image.id);
  const totals = await db.imageOutput.aggregate({ where: { imageId: image.id, kind: "variant" }, _sum: { inputTokens: true, outputTokens: true, costMicros: true } });
  const original = await sharp(input.original.bytes).metadata().catch(() => null);
  return {
    result: { variants: settings.variants, generation, model: settings.model },
    cached: false,
    inputTokens: totals._sum.inputTokens ?? 0,
    outputTokens: totals._sum.outputTokens ?? 0,
    costMicros: totals._sum.costMicros ?? 0,
    model: settings.model,
    templateVersionId: settings.versionId,
    sha256: input.original.sha256,
    mimeType: input.original.mimeType,
    bytes: input.original.bytes.length,
    width: original?.autoOrient?.width ?? original?.width ?? null,
    height: original?.autoOrient?.height ?? original?.height ?? null,
  };
}
