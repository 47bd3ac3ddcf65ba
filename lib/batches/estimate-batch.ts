import { z } from "zod";
import type { Config } from "../config";
import { costMicros } from "../costs/prices";
import type { PrismaClient } from "../db/generated/client";
import { imageTokensFor } from "../gemini/image-tokens";
import { modelInfo } from "../gemini/models";
import { thinkingTokensAllowed } from "../gemini/request";
import { callSettingsOf } from "../templates/call-settings";
import { answerTokensOf } from "../templates/estimate-call-cost";
import { notFound } from "../errors";
import type { TemplateField } from "../templates/schemas";
import { geminiAvailable } from "../gemini/gemini-available";
import { chooseAutoEngine, type AutoReason } from "../execution/choose-engine";
import type { Engine } from "../execution/resolve-engine";
import { enhanceFigures, type EnhanceVersion, type ProjectLimits } from "./estimate-enhance-batch";

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
  /** Billed output per image: the answer plus the thoughts. */
  outputTokensPerImage: number;
  thoughtsTokensPerImage: number;
  totalTokens: number;
  costUsd: number;
  /** The same images through the Gemini Batch API (half price, within 24 h). */
  batchCostUsd: number;
  /** How the template calls Gemini (they drive the figures). */
  settings: { thinking: string; mediaResolution: string; maxThoughtsTokens: number };
  /** What downscaling to IMAGE_MAX_SIDE does to tokens: a typical 4000×3000 photo as sent, and untouched. */
  downscaling: { maxSide: number; sentTokens: number; originalTokens: number };
  /** An enhance template's variants per product (each one image-model call); absent for other kinds. */
  variantsPerImage?: number;
  /** What the key pool's quotas allow for this template; null when nothing limits it (offline analyzer). */
  imagesPerMinute: number | null;
  minutes: number | null;
  /** What the projects' daily quotas allow (RPD), when the batch needs more than one day of it. */
  imagesPerDay: number | null;
  /** What mode `auto` would run this batch on, and why (over GEMINI_AUTO_BATCH_MINUTES, `autoBatchMinutes`, or the day's quota). */
  autoChooses: Engine;
  autoReason: AutoReason;
  autoBatchMinutes: number;
  /** The same images through the Batch API; null for the offline analyzer. */
  batchApi: BatchApiEstimate | null;
}

/**
 * How the Batch API would take the batch: remote jobs of up to GEMINI_BATCH_MAX_REQUESTS, as many at once as the projects'
 * enqueued-token room (GEMINI_BATCH_ENQUEUED_TOKENS per project and model) holds, so `rounds` of jobs, each within Google's
 * 24 h target (usually much quicker). Past `deadlineHours` Loupe cancels a job and its images go on as `fallback`.
 */
export interface BatchApiEstimate {
  /** False with Vertex AI (GEMINI_PROVIDER=vertex): its batch prediction reads Cloud Storage, which Loupe does not write. */
  available: boolean;
  requestsPerJob: number;
  jobs: number;
  imagesAtOnce: number;
  /** GEMINI_BATCH_ENQUEUED_TOKENS: Google's Tier 1 figure for 2.5 Flash unless set to the account's tier. */
  enqueuedTokensPerProject: number;
  projects: number;
  rounds: number;
  deadlineHours: number;
  fallback: "interactive" | "batch";
}

async function isTransformTemplate(db: PrismaClient, templateId: string | undefined) {
  if (!templateId) return false;
  return (await db.analysisTemplate.findUnique({ where: { id: templateId }, select: { kind: true } }))?.kind === "transform";
}

/** Images, tokens, cost and time at the pool's quota for a batch that has not started yet. */
export async function estimateBatch(db: PrismaClient, config: Config, query: z.infer<typeof estimateQuerySchema>): Promise<BatchEstimate> {
  // A transform template runs on this server (sharp): no Gemini call, no cost.
  const offline = query.templateId === "local" || !(await geminiAvailable(db, config)) || (await isTransformTemplate(db, query.templateId));
  if (offline) {
    return {
      images: query.images, model: "local", basis: "offline", inputTokensPerImage: 0, outputTokensPerImage: 0, thoughtsTokensPerImage: 0, totalTokens: 0, costUsd: 0, batchCostUsd: 0,
      settings: { thinking: "off", mediaResolution: "default", maxThoughtsTokens: 0 }, downscaling: { maxSide: config.IMAGE_MAX_SIDE, sentTokens: 0, originalTokens: 0 }, imagesPerMinute: null, minutes: null, imagesPerDay: null,
      autoChooses: "interactive", autoReason: "offline", autoBatchMinutes: config.GEMINI_AUTO_BATCH_MINUTES, batchApi: null,
    };
  }

  const template = query.templateId
    ? await db.analysisTemplate.findUnique({ where: { id: query.templateId }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } })
    : await db.analysisTemplate.findFirst({ where: { builtIn: true }, orderBy: { name: "asc" }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
  const version = template?.versions[0];
  if (!version) throw notFound("That template");
  const limits = await projectLimits(db, config);
  if (template.kind === "enhance") return enhanceEstimate(config, query.images, version, limits);

  // Finished batches of this version already know what an image costs (counters, no scan of images).
  const [history] = await db.$queryRaw<{ images: bigint | null; input: bigint | null; output: bigint | null; thoughts: bigint | null }[]>`
    SELECT sum(succeeded_count - cached_count) AS images, sum(input_tokens) AS input, sum(output_tokens) AS output, sum(thoughts_tokens) AS thoughts
    FROM batches WHERE template_version_id = ${version.id}::uuid AND kind <> 'parent'`;
  const seen = Number(history?.images ?? 0);
  const fields = version.fields as unknown as TemplateField[];
  const settings = callSettingsOf(version, config.GEMINI_MODEL);
  const info = modelInfo(settings.model, config.models);
  const longSide = config.IMAGE_MAX_SIDE;
  const basis = seen >= 10 ? "history" : "template";
  // A typical 4:3 photo as sent: the tile rule (or the media resolution's fixed count) decides, not the bytes.
  const sentTokens = imageTokensFor(longSide, Math.round(longSide * 0.75), info, settings.mediaResolution);
  const maxThoughtsTokens = thinkingTokensAllowed(settings, info);
  const inputTokensPerImage = basis === "history" ? Math.round(Number(history.input) / seen) : sentTokens + Math.ceil(version.instructions.length / 4) + 20;
  // Without history, a thinking model is taken to use half the thinking it may (dynamic thinking is capped at 8,192 here).
  const thoughtsTokensPerImage = basis === "history" ? Math.round(Number(history.thoughts ?? 0) / seen) : Math.round(maxThoughtsTokens / 2);
  const outputTokensPerImage = basis === "history" ? Math.round(Number(history.output) / seen) : answerTokensOf(fields) + thoughtsTokensPerImage;

  // Quotas are per project: each serves min(RPM, TPM ÷ tokens per image) images a minute.
  const tokensPerImage = inputTokensPerImage + outputTokensPerImage;
  const imagesPerMinute = Math.floor(limits.reduce((sum, project) => sum + Math.min(project.rpmLimit, project.tpmLimit / Math.max(tokensPerImage, 1)), 0));
  const imagesPerDay = limits.reduce((sum, project) => sum + project.rpdLimit, 0);
  const perImage = { inputTokens: inputTokensPerImage, outputTokens: outputTokensPerImage };
  return {
    images: query.images,
    model: settings.model,
    basis,
    inputTokensPerImage,
    outputTokensPerImage,
    thoughtsTokensPerImage,
    totalTokens: tokensPerImage * query.images,
    costUsd: (costMicros(info, perImage) * query.images) / 1_000_000,
    batchCostUsd: (costMicros(info, perImage, "batch") * query.images) / 1_000_000,
    settings: { thinking: String(settings.thinking), mediaResolution: settings.mediaResolution, maxThoughtsTokens },
    downscaling: { maxSide: longSide, sentTokens, originalTokens: imageTokensFor(4000, 3000, info, settings.mediaResolution) },
    ...timing(config, { images: query.images, basis, imagesPerMinute, imagesPerDay, tokensPerImage, projects: limits.length }),
  };
}

/** The projects' quotas: the database's view of the key pool, or the configured defaults before it has one. */
async function projectLimits(db: PrismaClient, config: Config): Promise<ProjectLimits[]> {
  const projects = await db.geminiProject.findMany({ where: { keys: { some: { state: { notIn: ["invalid", "disabled"] } } } }, select: { rpmLimit: true, tpmLimit: true, rpdLimit: true } });
  return projects.length
    ? projects
    : [...new Set(config.geminiKeys.map((key) => key.project))].map(() => ({ rpmLimit: config.GEMINI_RPM, tpmLimit: config.GEMINI_TPM, rpdLimit: config.GEMINI_RPD }));
}

/** Time at the quota, what auto would choose, and the Batch API's plan, from the per-image figures. */
function timing(config: Config, input: { images: number; basis: BatchEstimate["basis"]; imagesPerMinute: number; imagesPerDay: number; tokensPerImage: number; projects: number }) {
  const { images, basis, imagesPerMinute, imagesPerDay, tokensPerImage, projects } = input;
  // Past a day's quota, the days it takes (quotas reset at midnight Pacific) decide the time, not the minute's rate.
  const minutesAtRate = imagesPerMinute > 0 ? images / imagesPerMinute : null;
  const fullDays = images > imagesPerDay && imagesPerDay > 0 ? Math.floor(images / imagesPerDay) : 0;
  const minutes = minutesAtRate === null ? null : fullDays * 1440 + (images - fullDays * imagesPerDay) / imagesPerMinute;
  const overDailyQuota = images > imagesPerDay ? imagesPerDay : null;
  const auto = chooseAutoEngine({ basis, minutes, imagesPerDay: overDailyQuota }, config.GEMINI_AUTO_BATCH_MINUTES);
  // The engine's arithmetic (plan-jobs.ts), roughly: a job is as large as the room allows; a project holds one or more at once.
  const requestsPerJob = Math.max(1, Math.min(config.GEMINI_BATCH_MAX_REQUESTS, Math.floor(config.GEMINI_BATCH_ENQUEUED_TOKENS / Math.max(tokensPerImage, 1))));
  const imagesAtOnce = projects * requestsPerJob * Math.max(1, Math.floor(config.GEMINI_BATCH_ENQUEUED_TOKENS / (requestsPerJob * Math.max(tokensPerImage, 1))));
  return {
    imagesPerMinute: imagesPerMinute < 10 ? Math.round(imagesPerMinute * 10) / 10 : Math.floor(imagesPerMinute),
    minutes,
    imagesPerDay: overDailyQuota,
    autoChooses: auto.engine,
    autoReason: auto.reason,
    autoBatchMinutes: config.GEMINI_AUTO_BATCH_MINUTES,
    batchApi: {
      available: config.vertex === null,
      requestsPerJob,
      jobs: Math.ceil(images / requestsPerJob),
      imagesAtOnce,
      enqueuedTokensPerProject: config.GEMINI_BATCH_ENQUEUED_TOKENS,
      projects,
      rounds: Math.ceil(images / Math.max(imagesAtOnce, 1)),
      deadlineHours: config.GEMINI_BATCH_DEADLINE_HOURS,
      fallback: config.GEMINI_BATCH_FALLBACK,
    },
  };
}

/** An enhance template: per product, one image-model call per variant (lib/batches/estimate-enhance-batch.ts). */
function enhanceEstimate(config: Config, images: number, version: EnhanceVersion, limits: ProjectLimits[]): BatchEstimate {
  const figures = enhanceFigures(config, version, limits, images);
  return {
    images, model: figures.model, basis: "template", variantsPerImage: figures.variants,
    inputTokensPerImage: figures.inputTokensPerImage, outputTokensPerImage: figures.outputTokensPerImage, thoughtsTokensPerImage: 0,
    totalTokens: figures.tokensPerImage * images, costUsd: figures.costUsd, batchCostUsd: figures.batchCostUsd,
    settings: { thinking: "off", mediaResolution: "default", maxThoughtsTokens: 0 },
    downscaling: { maxSide: config.IMAGE_MAX_SIDE, sentTokens: figures.sentTokens, originalTokens: figures.originalTokens },
    ...timing(config, { images, basis: "template", imagesPerMinute: figures.imagesPerMinute, imagesPerDay: figures.imagesPerDay, tokensPerImage: figures.tokensPerImage, projects: limits.length }),
  };
}
