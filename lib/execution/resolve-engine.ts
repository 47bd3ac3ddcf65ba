import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { estimateBatch } from "../batches/estimate-batch";
import { chooseAutoEngine } from "./choose-engine";

export type ExecutionMode = "interactive" | "batch" | "auto";
export type Engine = "interactive" | "batch";

/**
 * Which engine a new batch runs on, decided once when it is created: its mode, or for `auto` the Batch API when
 * interactive calls would take longer than GEMINI_AUTO_BATCH_MINUTES or more than the keys' daily quota (a split upload is
 * judged as a whole). Offline batches (no Gemini) are interactive: the local analyzer has no Batch API.
 */
export async function resolveEngine(db: PrismaClient, config: Config, input: { mode: ExecutionMode; model: string | null; images: number; templateId?: string }): Promise<Engine> {
  if (input.model === "local" || input.mode === "interactive") return "interactive";
  if (input.mode === "batch") return "batch";
  const estimate = await estimateBatch(db, config, { images: input.images, templateId: input.templateId });
  return chooseAutoEngine(estimate, config.GEMINI_AUTO_BATCH_MINUTES).engine;
}
