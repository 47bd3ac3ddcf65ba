import { z } from "zod";
import type { Config } from "../config";
import { costMicros } from "../costs/prices";
import type { PrismaClient } from "../db/generated/client";
import { imageTokens } from "../gemini/image-tokens";
import { notFound } from "../errors";
import type { TemplateField } from "../templates/schemas";
import { geminiAvailable } from "../gemini/gemini-available";

export const estimateQuerySchema = z.object({
  images: z.coerce.number({ message: "images must be a number" }).int("images must be a whole number").min(0).max(100_000_000),
  templateId: z.union([z.uuid({ message: "templateId must be a template id or \"local\"" }), z.literal("local")]).optional(),
});

export interface BatchEstimate {
  images: number;
  model: string;
  /** Where the per-image token figures come from: earlier results of this template version, or the template's shape. */
  basis: "history" | "template" | "offline";
  inputTokensPerImage: number;
  outputTokensPerImage: number;
  totalTokens: number;
  costUsd: number;
  /** What the key pool's quotas allow for this template; null when nothing limits it (offline analyzer). */
  imagesPerMinute: number | null;
  minutes: number | null;
}

/** Rough answer length per field: enough to plan a budget, refined by history once results exist. */
function outputTokensOf(fields: TemplateField[]): number {
  const perField = (field: TemplateField): number => {
    switch (field.type) {
      case "string":
        return 40;
      case "list":
        return 5 * perField(field.items ?? { name: "item", type: "string" });
      case "object":
        return (field.properties ?? []).reduce((sum, property) => sum + perField(property), 10);
      default:
        return 6;
    }
  };
  return fields.reduce((sum, field) => sum + perField(field), 10);
}

/** Images, tokens, cost and time at the pool's quota for a batch that has not started yet. */
export async function estimateBatch(db: PrismaClient, config: Config, query: z.infer<typeof estimateQuerySchema>): Promise<BatchEstimate> {
  const offline = query.templateId === "local" || !(await geminiAvailable(db, config));
  if (offline) return { images: query.images, model: "local", basis: "offline", inputTokensPerImage: 0, outputTokensPerImage: 0, totalTokens: 0, costUsd: 0, imagesPerMinute: null, minutes: null };

  const template = query.templateId
    ? await db.analysisTemplate.findUnique({ where: { id: query.templateId }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } })
    : await db.analysisTemplate.findFirst({ where: { builtIn: true }, orderBy: { name: "asc" }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
  const version = template?.versions[0];
  if (!version) throw notFound("That template");

  // Finished batches of this version already know what an image costs (counters, no scan of images).
  const [history] = await db.$queryRaw<{ images: bigint | null; input: bigint | null; output: bigint | null }[]>`
    SELECT sum(succeeded_count - cached_count) AS images, sum(input_tokens) AS input, sum(output_tokens) AS output
    FROM batches WHERE template_version_id = ${version.id}::uuid AND kind <> 'parent'`;
  const seen = Number(history?.images ?? 0);
  const fields = version.fields as unknown as TemplateField[];
  const longSide = config.IMAGE_MAX_SIDE;
  const basis = seen >= 10 ? "history" : "template";
  const inputTokensPerImage = basis === "history" ? Math.round(Number(history.input) / seen) : imageTokens(longSide, Math.round(longSide * 0.75)) + Math.ceil(version.instructions.length / 4) + 20;
  const outputTokensPerImage = basis === "history" ? Math.round(Number(history.output) / seen) : outputTokensOf(fields);

  // Quotas are per project: each serves min(RPM, TPM ÷ tokens per image) images a minute.
  const projects = await db.geminiProject.findMany({ where: { keys: { some: { state: { notIn: ["invalid", "disabled"] } } } }, select: { rpmLimit: true, tpmLimit: true } });
  const limits = projects.length
    ? projects
    : [...new Set(config.geminiKeys.map((key) => key.project))].map(() => ({ rpmLimit: config.GEMINI_RPM, tpmLimit: config.GEMINI_TPM }));
  const tokensPerImage = inputTokensPerImage + outputTokensPerImage;
  const imagesPerMinute = Math.floor(limits.reduce((sum, project) => sum + Math.min(project.rpmLimit, project.tpmLimit / Math.max(tokensPerImage, 1)), 0));
  return {
    images: query.images,
    model: config.GEMINI_MODEL,
    basis,
    inputTokensPerImage,
    outputTokensPerImage,
    totalTokens: tokensPerImage * query.images,
    costUsd: (costMicros(config.GEMINI_MODEL, { inputTokens: inputTokensPerImage, outputTokens: outputTokensPerImage }) * query.images) / 1_000_000,
    imagesPerMinute,
    minutes: imagesPerMinute > 0 ? query.images / imagesPerMinute : null,
  };
}
