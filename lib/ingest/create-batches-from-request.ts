import path from "node:path";
import type { z } from "zod";
import type { Config } from "../config";
import type { PrismaClient } from "../db/generated/client";
import { badRequest } from "../errors";
import type { createBatchSchema } from "../batches/schemas";
import { createBatches } from "./create-batches";
import { createBatchesFromCsv } from "./create-batches-from-csv";
import { createBatchesFromBucket } from "./create-batches-from-bucket";
import { openCsvUpload, reportKey, reportPath } from "./upload-paths";
import { uploadsStorage } from "../storage";
import { imageUrlProblem } from "./validate-image-url";
import { defaultTemplateVersionId } from "../templates/manage-templates";
import { geminiAvailable } from "../gemini/gemini-available";
import { setBatchPriority } from "../batches/set-batch-priority";
import { applyExecutionMode, checkExecutionMode } from "../execution/apply-execution-mode";
import { usdToMicros } from "../budget/money";
import { transformStepVersion } from "./transform-step-version";
import { enhanceBatchMode, isEnhanceTemplate, markProductsPending } from "../enhance/enhance-batch-mode";

type CreateBatchRequest = z.infer<typeof createBatchSchema>;

export async function currentTemplateVersion(db: PrismaClient, config: Config, templateId?: string) {
  if (templateId === "local") return null;
  if (!templateId) return (await geminiAvailable(db, config)) ? defaultTemplateVersionId(db) : null;
  const template = await db.analysisTemplate.findUnique({ where: { id: templateId }, select: { currentVersion: true, versions: { select: { id: true, version: true } } } });
  if (!template) throw badRequest("template_not_found", "That template does not exist.");
  return template.versions.find((v) => v.version === template.currentVersion)?.id ?? null;
}

/** The model a batch runs on: its template version's, else the configured default; "local" without Gemini. */
export async function batchModel(db: PrismaClient, config: Config, templateVersionId: string | null, templateId?: string) {
  if (!(await geminiAvailable(db, config)) || templateId === "local") return "local";
  if (!templateVersionId) return config.GEMINI_MODEL;
  const version = await db.templateVersion.findUnique({ where: { id: templateVersionId }, select: { model: true, operations: true } });
  // A transform template runs on this server with sharp: no Gemini call.
  if (version?.operations !== null && version?.operations !== undefined) return "local";
  return version?.model ?? config.GEMINI_MODEL;
}

/**
 * One entry point for the kinds of input: a list of URLs, an uploaded CSV with its mapping, uploaded images, or a bucket
 * prefix; each
 * with an optional spending cap (for a split upload, one cap for all its parts).
 */
export async function createBatchesFromRequest(db: PrismaClient, config: Config, body: CreateBatchRequest, createdById: string | null = null) {
  const enhance = await isEnhanceTemplate(db, body.templateId);
  const mode = enhance
    ? await enhanceBatchMode(db, config, body.mode)
    : body.transformTemplateId
      ? interactiveForTransform(body.mode)
      : (body.mode ?? config.GEMINI_DEFAULT_MODE);
  checkExecutionMode(config, mode);
  const created = await createBatchesOf(db, config, body, createdById);
  await applyExecutionMode(db, config, created, mode, body.templateId);
  if (body.priority && body.priority !== "normal") await setBatchPriority(db, created.parentId ?? created.batches[0].id, body.priority);
  if (enhance) await markProductsPending(db, created);
  return created;
}

/** A transform before the analysis runs in the worker, on each image as it is analysed: the Batch API (which sends originals) cannot take it. */
function interactiveForTransform(mode: CreateBatchRequest["mode"]) {
  if (mode === "batch") throw badRequest("transform_needs_interactive", "A batch with a transform before its analysis runs interactively: the Gemini Batch API would be sent the original images. Leave mode out or choose interactive.");
  return "interactive" as const;
}

async function createBatchesOf(db: PrismaClient, config: Config, body: CreateBatchRequest, createdById: string | null) {
  const templateVersionId = await currentTemplateVersion(db, config, body.templateId);
  const transformVersionId = await transformStepVersion(db, body.transformTemplateId, templateVersionId);
  const model = await batchModel(db, config, templateVersionId, body.templateId);
  const budgetMicros = body.budgetUsd ? usdToMicros(body.budgetUsd) : null;
  const common = { maxBatchSize: config.MAX_BATCH_SIZE, templateVersionId, transformVersionId, model, createdById, budgetMicros };
  if ("source" in body) return createBatchesFromBucket(db, config, body.source, { ...common, name: body.name });
  if ("urls" in body) {
    const problems = body.urls.map((url, index) => ({ index, problem: imageUrlProblem(url) })).filter((entry) => entry.problem);
    if (problems.length) {
      const first = problems[0];
      throw badRequest("invalid_urls", `${problems.length} URL(s) are not valid image URLs; the first, #${first.index + 1}, is ${first.problem}.`, {
        issues: problems.slice(0, 50).map((p) => ({ index: p.index, reason: p.problem })),
      });
    }
    const created = await createBatches(db, {
      ...common,
      name: body.name || `URL list of ${body.urls.length}`,
      source: "urls",
      rows: body.urls.map((url, index) => ({ rowNumber: index + 1, url: url.trim(), name: path.basename(new URL(url.trim()).pathname) || null })),
    });
    return { ...created, rejected: 0, issues: [] };
  }
  if ("uploadId" in body) {
    const upload = await openCsvUpload(config, body.uploadId);
    const reportFile = reportPath(config.dataDir, body.uploadId);
    try {
      return await createBatchesFromCsv(db, {
        ...common,
        file: upload.path,
        fileName: upload.fileName,
        reportFile,
        mapping: { ...body.mapping, carry: body.mapping.carry ?? [] },
        skipDuplicates: body.skipDuplicates,
        name: body.name,
      });
    } finally {
      await upload.release();
      // The report goes where every machine can serve it (on local storage it already is there).
      await uploadsStorage(config).moveFileIn(reportKey(body.uploadId), reportFile).catch(() => {});
    }
  }
  const created = await createBatches(db, {
    ...common,
    name: body.name || `${body.images.length} uploaded image${body.images.length === 1 ? "" : "s"}`,
    source: "upload",
    rows: body.images.map((image, index) => ({ rowNumber: index + 1, name: image.name, sha256: image.sha256, bytes: image.bytes ?? null, mimeType: image.mimeType ?? null })),
  });
  return { ...created, rejected: 0, issues: [] };
}
