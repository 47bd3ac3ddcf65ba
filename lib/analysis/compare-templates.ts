import { z } from "zod";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { badRequest, LoupeError, notFound } from "../errors";
import type { KeyPool } from "../gemini/key-pool";
import type { LoupeStorage } from "../storage";
import { parseThinking } from "../templates/call-settings";
import type { TemplateField } from "../templates/schemas";
import { storableText } from "../validation/storable-text";
import { tryTemplate, type TryTemplateInput } from "./try-template";

const candidateSchema = z.object({
  templateId: z.uuid({ message: "templateId is not a template id" }),
  version: z.number().int().positive().optional().describe("A saved version of the template (default: its current one)"),
  model: z.string().min(1).max(100).optional().describe("Another model than the version's (a model of the catalogue)"),
});

/** POST /api/v1/compare: 2–3 templates, versions or models on the same 5–50 sample images (a batch's, or uploaded ones). */
export const compareSchema = z
  .object({
    candidates: z.array(candidateSchema).min(2, "Compare at least 2 templates, versions or models.").max(3, "Compare at most 3 at once."),
    batchId: z.uuid().optional().describe("Take the sample from this batch's stored images (its first ones)"),
    sampleSize: z.number().int().min(5, "Take at least 5 sample images.").max(50, "Take at most 50 sample images.").default(10),
    images: z
      .array(z.object({ sha256: z.string().regex(/^[a-f0-9]{64}$/, "not a stored image"), name: storableText().max(500) }))
      .min(5, "Upload at least 5 sample images.")
      .max(50, "At most 50 sample images.")
      .optional()
      .describe("Uploaded images (POST /uploads/images answers these)"),
  })
  .refine((input) => Boolean(input.batchId) !== Boolean(input.images), { message: "Send either batchId (a sample of its images) or images (uploaded ones)." });

export type CompareInput = z.infer<typeof compareSchema>;

export interface CompareCell {
  result?: unknown;
  error?: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  durationMs: number;
}

const CALLS_AT_ONCE = 4;

async function loadCandidate(db: PrismaClient, candidate: z.infer<typeof candidateSchema>) {
  const template = await db.analysisTemplate.findUnique({ where: { id: candidate.templateId } });
  if (!template) throw notFound("That template");
  const version = await db.templateVersion.findUnique({ where: { templateId_version: { templateId: template.id, version: candidate.version ?? template.currentVersion } } });
  if (!version) throw badRequest("version_not_found", `${template.name} has no version ${candidate.version}.`);
  const input: TryTemplateInput = {
    instructions: version.instructions,
    fields: version.fields as unknown as TemplateField[],
    model: candidate.model ?? version.model ?? undefined,
    thinking: parseThinking(version.thinking) ?? undefined,
    mediaResolution: (version.mediaResolution ?? undefined) as TryTemplateInput["mediaResolution"],
    maxOutputTokens: version.maxOutputTokens ?? undefined,
  };
  // A batch runs a template's current version with its own settings: only such a candidate can start one as it is.
  const runnable = version.version === template.currentVersion && (!candidate.model || candidate.model === (version.model ?? null));
  return { templateId: template.id, templateName: template.name, version: version.version, modelOverride: candidate.model ?? null, fields: input.fields, input, runnable };
}

/**
 * Each sample image through each candidate, as the template editor's try does (one call each, nothing stored): the answers
 * side by side with the tokens and cost of each, and each candidate's totals. A call that fails is that cell's error.
 */
export async function compareTemplates(db: PrismaClient, config: Config, storage: LoupeStorage, pool: () => Promise<KeyPool>, input: CompareInput, geminiReady: boolean) {
  if (!geminiReady) throw new LoupeError(409, "gemini_not_configured", "Comparing templates needs Gemini: add keys with GEMINI_API_KEYS and restart, or start with LOUPE_DEMO=on.");
  const candidates = await Promise.all(input.candidates.map((candidate) => loadCandidate(db, candidate)));
  const images =
    input.images ??
    (await db.image.findMany({ where: { batchId: input.batchId, sha256: { not: null } }, orderBy: { id: "asc" }, take: input.sampleSize, select: { sha256: true, name: true, sourceUrl: true } })).map((image) => ({ sha256: image.sha256!, name: image.name ?? image.sourceUrl ?? image.sha256! }));
  if (images.length < 5) throw badRequest("sample_too_small", `The batch has ${images.length} stored image${images.length === 1 ? "" : "s"}; a comparison needs at least 5.`);
  const cells: CompareCell[][] = images.map(() => []);
  const jobs = images.flatMap((_, imageIndex) => candidates.map((__, candidateIndex) => ({ imageIndex, candidateIndex })));
  let next = 0;
  const work = async () => {
    while (next < jobs.length) {
      const { imageIndex, candidateIndex } = jobs[next++];
      const started = Date.now();
      try {
        const bytes = await storage.read(images[imageIndex].sha256);
        const tried = await tryTemplate(config, pool, candidates[candidateIndex].input, bytes, true);
        cells[imageIndex][candidateIndex] = { result: tried.result, inputTokens: tried.inputTokens, outputTokens: tried.outputTokens, costUsd: tried.costUsd, durationMs: tried.durationMs };
      } catch (error) {
        cells[imageIndex][candidateIndex] = { error: error instanceof Error ? error.message : String(error), inputTokens: 0, outputTokens: 0, costUsd: 0, durationMs: Date.now() - started };
      }
    }
  };
  await Promise.all(Array.from({ length: CALLS_AT_ONCE }, work));
  return {
    candidates: candidates.map(({ input: _input, ...candidate }, index) => {
      const column = cells.map((row) => row[index]);
      const sum = (pick: (cell: CompareCell) => number) => column.reduce((total, cell) => total + pick(cell), 0);
      return { ...candidate, model: candidate.modelOverride ?? _input.model ?? config.GEMINI_MODEL, totals: { inputTokens: sum((c) => c.inputTokens), outputTokens: sum((c) => c.outputTokens), costUsd: sum((c) => c.costUsd), failed: column.filter((c) => c.error).length } };
    }),
    images: images.map((image, index) => ({ ...image, cells: cells[index] })),
  };
}
