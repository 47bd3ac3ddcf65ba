import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { badRequest } from "../errors";
import { resolveEngine, type ExecutionMode } from "./resolve-engine";

/**
 * Sets the mode of newly created batches (before they start) and the engine it resolves to; every part of a split upload
 * runs on the engine the whole upload needs. The Batch API mode needs the Gemini API's keys (Vertex AI's batch
 * prediction reads Cloud Storage, which Loupe does not write).
 */
export async function applyExecutionMode(db: PrismaClient, config: Config, created: { parentId: string | null; batches: { id: string; totalImages: number }[] }, mode: ExecutionMode, templateId?: string) {
  const ids = [...(created.parentId ? [created.parentId] : []), ...created.batches.map((batch) => batch.id)];
  if (!ids.length) return;
  const first = await db.batch.findUnique({ where: { id: created.batches[0]?.id ?? ids[0] }, select: { model: true } });
  const images = created.batches.reduce((sum, batch) => sum + batch.totalImages, 0);
  const engine = await resolveEngine(db, config, { mode, model: first?.model ?? null, images, templateId: templateId === "local" ? undefined : templateId });
  await db.$executeRaw`UPDATE batches SET mode = ${mode}::"ExecutionMode", engine = ${engine} WHERE id = ANY(${ids}::uuid[])`;
}

/** A mode the server can run, or a 400 that says why not. */
export function checkExecutionMode(config: Config, mode: ExecutionMode) {
  if (mode !== "interactive" && config.GEMINI_PROVIDER === "vertex") {
    throw badRequest("batch_mode_unavailable", "Batch mode uses the Gemini API's Batch API, which needs API keys: with GEMINI_PROVIDER=vertex, batches run interactively.");
  }
}
