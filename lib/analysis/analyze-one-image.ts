import { createHash, randomUUID } from "node:crypto";
import sharp from "sharp";
import { z } from "zod";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { AnalysisError, badRequest, LoupeError } from "../errors";
import { getDailyBudget } from "../budget/get-spend";
import { geminiAvailable } from "../gemini/gemini-available";
import type { KeyPool } from "../gemini/key-pool";
import { pacificDayStart } from "../gemini/pacific-day";
import { prepareImageForModel } from "../images/prepare-for-model";
import { callSettingsOf } from "../templates/call-settings";
import { compileTemplate } from "../templates/compile-template";
import { getTemplateVersion } from "../templates/manage-templates";
import type { TemplateField } from "../templates/schemas";
import { analyzeLocally } from "./analyze-locally";
import { confidenceThresholdSchema, detectedObjects } from "./detected-objects";
import { fillFaceFields } from "./fill-face-fields";
import { findCachedResult } from "./find-cached-result";
import { generateWithTemplate } from "./generate-with-template";
import { normalizeBoxes } from "./normalize-boxes";
import { resultCacheKey } from "./result-cache-key";

/** The template used when none is named and Gemini is configured: boxes, labels and confidences. */
export const DEFAULT_ANALYZE_TEMPLATE = "Object detection";

const formFlag = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")], { error: "include_metadata must be true or false" });

/** Seed 002's request fields (JSON, or form fields for an upload), with Loupe's `templateId` ("local": the offline analyzer). */
export const analyzeOptionsSchema = z.object({
  confidence_threshold: confidenceThresholdSchema,
  max_objects: z.coerce.number({ error: "max_objects must be a whole number from 1 to 1000" }).int("max_objects must be a whole number from 1 to 1000").min(1, "max_objects must be a whole number from 1 to 1000").max(1000, "max_objects must be a whole number from 1 to 1000").default(100),
  include_metadata: formFlag.default(true),
  templateId: z.union([z.literal("local"), z.uuid({ error: "templateId must be a template's id (GET /api/v1/templates) or \"local\"" })]).optional(),
});

export type AnalyzeOptions = z.infer<typeof analyzeOptionsSchema>;

interface Analysis {
  result: unknown;
  template: { id: string; name: string; version: number } | null;
  templateVersionId: string | null;
  model: string;
  cached: boolean;
  inputTokens: number;
  outputTokens: number;
  thoughtsTokens: number;
  costMicros: number;
}

async function chooseTemplate(db: PrismaClient, config: Config, templateId: string | undefined) {
  if (templateId === "local") return null;
  const where = templateId ? { id: templateId } : { name: DEFAULT_ANALYZE_TEMPLATE };
  if (!templateId && !(await geminiAvailable(db, config))) return null;
  const template = await db.analysisTemplate.findUnique({ where, select: { id: true, name: true, currentVersion: true, versions: { select: { id: true, version: true } } } });
  if (!template) throw badRequest("template_not_found", templateId ? "That template does not exist (GET /api/v1/templates lists them)." : `The built-in "${DEFAULT_ANALYZE_TEMPLATE}" template is missing; name a templateId.`);
  if (!(await geminiAvailable(db, config))) {
    throw new LoupeError(409, "gemini_not_configured", "This template needs Gemini: add keys with GEMINI_API_KEYS (or under Admin → System status), or send templateId \"local\" for the offline analyzer.");
  }
  const version = template.versions.find((v) => v.version === template.currentVersion) ?? template.versions[0];
  return { id: template.id, name: template.name, version: version.version, versionId: version.id };
}

async function checkDailyBudget(db: PrismaClient, config: Config) {
  const budget = await getDailyBudget(db, config);
  if (budget && budget.spentUsd + budget.heldUsd >= budget.capUsd) {
    const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(budget.resetsAt) - Date.now()) / 1000));
    throw new LoupeError(429, "daily_budget_reached", `Today's Gemini budget (GEMINI_DAILY_BUDGET_USD, $${budget.capUsd}) is spent; it resets at ${budget.resetsAt}.`, { retryAfterSeconds });
  }
}

async function analyzeWithTemplate(db: PrismaClient, config: Config, pool: KeyPool, bytes: Buffer, template: NonNullable<Awaited<ReturnType<typeof chooseTemplate>>>): Promise<Analysis> {
  const version = await getTemplateVersion(db, template.versionId);
  const settings = callSettingsOf(version, config.GEMINI_MODEL);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const cacheKey = resultCacheKey(config, sha256, version.id, settings.model);
  const common = { template: { id: template.id, name: template.name, version: template.version }, templateVersionId: version.id, model: settings.model };
  const cached = await findCachedResult(db, cacheKey);
  if (cached !== undefined) return { ...common, result: cached, cached: true, inputTokens: 0, outputTokens: 0, thoughtsTokens: 0, costMicros: 0 };
  await checkDailyBudget(db, config);
  const compiled = compileTemplate(version);
  const prepared = await prepareImageForModel(bytes, { maxSide: config.IMAGE_MAX_SIDE, format: config.IMAGE_FORMAT });
  // A program is waiting: two tries at most, short backoff (a batch is the way to ride out long rate limits).
  const generated = await generateWithTemplate(config, pool, settings, compiled, prepared, {
    retry: { baseMs: 250, capMs: 2000, maxAttempts: 2 },
    signal: AbortSignal.timeout(Math.min(config.GEMINI_TIMEOUT_MS * 2, 120_000)),
  });
  const result = normalizeBoxes(generated.value);
  await poolOf(db).query(sql`
    INSERT INTO result_cache (cache_key, result, input_tokens, output_tokens, thoughts_tokens, model)
    VALUES (${cacheKey}, ${JSON.stringify(result)}::jsonb, ${generated.inputTokens}, ${generated.outputTokens}, ${generated.thoughtsTokens}, ${settings.model})
    ON CONFLICT (cache_key) DO NOTHING`);
  return { ...common, result, cached: false, inputTokens: generated.inputTokens, outputTokens: generated.outputTokens, thoughtsTokens: generated.thoughtsTokens, costMicros: generated.costMicros };
}

/** The offline analyzer's faces field: `{ label: "face", confidence, box }` items, which detected_objects picks up. */
const FACES_FIELD: TemplateField = { name: "faces", type: "list", items: { name: "face", type: "object", properties: [{ name: "label", type: "string" }, { name: "confidence", type: "number" }, { name: "box", type: "list", items: { name: "coordinate", type: "number" } }] } };

/** Without a template: the offline analyzer's measurements and the faces it finds (the objects it can detect offline). */
async function analyzeOffline(bytes: Buffer): Promise<Analysis> {
  const [local, faces] = await Promise.all([analyzeLocally(bytes), fillFaceFields(bytes, [FACES_FIELD])]);
  return { result: { ...local, ...faces }, template: null, templateVersionId: null, model: "local", cached: false, inputTokens: 0, outputTokens: 0, thoughtsTokens: 0, costMicros: 0 };
}

async function imageMetadata(bytes: Buffer) {
  const metadata = await sharp(bytes).metadata();
  return { width: metadata.autoOrient?.width ?? metadata.width, height: metadata.autoOrient?.height ?? metadata.height, format: metadata.format, size_bytes: bytes.length, color_space: metadata.space ?? null, channels: metadata.channels, has_alpha: metadata.hasAlpha };
}

/** Counts the call in usage (api_analyses) and, when Google billed it, in the day's spend with every batch's. */
async function recordUsage(db: PrismaClient, entry: { requestId: string; userId: string | null; source: "url" | "upload"; analysis: Analysis; durationMs: number; objects: number }) {
  const { analysis } = entry;
  const day = new Date(pacificDayStart(Date.now()));
  await poolOf(db).query(sql`
    WITH usage AS (
      INSERT INTO api_analyses (request_id, user_id, source, template_version_id, model, cached, input_tokens, output_tokens, thoughts_tokens, cost_micros, duration_ms, objects)
      VALUES (${entry.requestId}, ${entry.userId}::uuid, ${entry.source}, ${analysis.templateVersionId}::uuid, ${analysis.model}, ${analysis.cached}, ${analysis.inputTokens}, ${analysis.outputTokens},
              ${analysis.thoughtsTokens}, ${analysis.costMicros}::bigint, ${entry.durationMs}, ${entry.objects})
    )
    INSERT INTO daily_spend AS d (day, spent_micros, calls, updated_at) SELECT ${day}::timestamptz, ${analysis.costMicros}::bigint, 1, now() WHERE ${!analysis.cached && analysis.model !== "local"}
    ON CONFLICT (day) DO UPDATE SET spent_micros = d.spent_micros + excluded.spent_micros, calls = d.calls + 1, updated_at = now()`);
}

/**
 * One image analysed now, answered in seed 002's shape: through the key pool and the result cache with a template (the
 * built-in object detection by default when Gemini is configured, the offline analyzer and its faces otherwise), its boxes as
 * `detected_objects` filtered by confidence and count, and the template's own `result`.
 */
export async function analyzeOneImage(
  db: PrismaClient,
  config: Config,
  pool: () => Promise<KeyPool>,
  input: { bytes: Buffer; options: AnalyzeOptions; source: "url" | "upload"; userId: string | null },
) {
  const started = performance.now();
  const requestId = `req_${randomUUID().replace(/-/g, "")}`;
  const template = await chooseTemplate(db, config, input.options.templateId);
  let analysis: Analysis;
  try {
    analysis = template ? await analyzeWithTemplate(db, config, await pool(), input.bytes, template) : await analyzeOffline(input.bytes);
  } catch (error) {
    if (error instanceof AnalysisError) throw new LoupeError(error.options.retryable ? 502 : 422, error.code, `The image could not be analysed: ${error.message}`);
    throw error;
  }
  const objects = detectedObjects(analysis.result, input.options.confidence_threshold, input.options.max_objects);
  const processingTimeMs = Math.round(performance.now() - started);
  await recordUsage(db, { requestId, userId: input.userId, source: input.source, analysis, durationMs: processingTimeMs, objects: objects.length });
  return {
    request_id: requestId,
    timestamp: new Date().toISOString(),
    detected_objects: objects,
    ...(input.options.include_metadata ? { image_metadata: await imageMetadata(input.bytes) } : {}),
    processing_time_ms: processingTimeMs,
    confidence_threshold: input.options.confidence_threshold,
    total_objects_detected: objects.length,
    result: analysis.result,
    template: analysis.template,
    model: analysis.model,
    cached: analysis.cached,
    usage: { input_tokens: analysis.inputTokens, output_tokens: analysis.outputTokens, thoughts_tokens: analysis.thoughtsTokens, cost_usd: analysis.costMicros / 1_000_000 },
  };
}
