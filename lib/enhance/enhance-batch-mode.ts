import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { badRequest } from "../errors";
import { geminiAvailable } from "../gemini/gemini-available";

/** Whether a template (by id) is an enhance template. */
export async function isEnhanceTemplate(db: PrismaClient, templateId: string | null | undefined): Promise<boolean> {
  if (!templateId || templateId === "local") return false;
  const template = await db.analysisTemplate.findUnique({ where: { id: templateId }, select: { kind: true } });
  return template?.kind === "enhance";
}

/**
 * An enhance batch's execution mode: interactive calls (the Batch API path writes JSON requests; image generation is not
 * sent through it). It needs Gemini: without a key there is nothing to make images with, said before anything is stored.
 */
export async function enhanceBatchMode(db: PrismaClient, config: Config, mode: "interactive" | "batch" | "auto" | undefined) {
  if (mode === "batch") throw badRequest("enhance_needs_interactive", "An enhance batch makes images with interactive calls to Gemini's image model; leave mode out or choose interactive.");
  if (!(await geminiAvailable(db, config))) throw badRequest("enhance_needs_gemini", "Enhance templates make images with Gemini's image model, and no Gemini key is configured. Add a key under Admin → System status (or GEMINI_API_KEYS), then create the batch.");
  return "interactive" as const;
}

/** An enhance batch's images are products: pending until their variants exist. */
export async function markProductsPending(db: PrismaClient, created: { batches: { id: string }[] }) {
  await db.image.updateMany({ where: { batchId: { in: created.batches.map((batch) => batch.id) } }, data: { productStatus: "pending" } });
}
