import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { normalizeBoxes } from "../../analysis/normalize-boxes";
import { resultCacheKey } from "../../analysis/result-cache-key";
import { costMicros } from "../../costs/prices";
import { poolOf, sql } from "../../db/sql";
import { downloadFile } from "../../gemini/batch-api/files";
import type { BatchApiTarget } from "../../gemini/batch-api/rest";
import { billedTokens } from "../../gemini/usage";
import { completeImage, failImage } from "../../orchestration/finish-image";
import { pauseBatchBecause } from "../../orchestration/pause-batch-because";
import { recordAttempt } from "../../orchestration/record-attempt";
import { batchTemplate, type BatchTemplate } from "./batch-template";
import { jobFile, type EngineContext } from "./context";
import { removeJobFiles } from "./fall-back";
import { releaseImages, remoteHolder } from "./job-images";
import { settleJobSpend } from "./job-spend";
import { lineOutcome, type ResultLine } from "./line-outcome";
import { extendLease, updateJob, type RemoteJobRow } from "./remote-jobs";

const CHUNK = 64;

interface SentImage {
  sha256: string | null;
  width: number | null;
  height: number | null;
  sentBytes: number | null;
  sentWidth: number | null;
  sentHeight: number | null;
}

/**
 * `applying`: the job's responses file is downloaded (streamed to disk) and each line applied to the image named by its
 * key — never by position. Every write is conditional on the image still being held by this job, so applying the same
 * file twice (after a crash) counts nothing twice; images the file does not answer go back to the queue.
 */
export async function applyResults(context: EngineContext, job: RemoteJobRow, target: BatchApiTarget) {
  const { db } = context;
  const path = jobFile(context, job.id, "responses");
  if (job.responsesFile) await downloadFile(target, job.responsesFile, path);
  context.crashAt?.("downloaded", job.phase);
  const holder = remoteHolder(job.id);
  const batch = job.batchId ? await db.batch.findUnique({ where: { id: job.batchId }, select: { templateVersionId: true, model: true } }) : null;
  if (batch && job.responsesFile) {
    const template = await batchTemplate(db, context.config, batch);
    let chunk: ResultLine[] = [];
    let applied = 0;
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
    for await (const text of lines) {
      if (!text.trim()) continue;
      chunk.push(JSON.parse(text) as ResultLine);
      if (chunk.length < CHUNK) continue;
      await applyChunk(context, job, template, holder, chunk);
      applied += chunk.length;
      chunk = [];
      if (applied === CHUNK) context.crashAt?.("applied-some", job.phase);
      if (applied % (CHUNK * 32) === 0) await extendLease(db, job.id, context.owner, context.leaseSeconds);
    }
    if (chunk.length) await applyChunk(context, job, template, holder, chunk);
  }
  context.crashAt?.("applied-all", job.phase);
  // Requests the results did not answer (a line missing, a key Loupe cannot read): back to the queue for another try.
  await releaseImages(db, job.id, { fallback: context.config.GEMINI_BATCH_FALLBACK === "interactive", refundRun: false, error: { code: "server_error", message: "Google's batch results held no answer for this image." } });
  await settleJobSpend(context, job);
  await removeJobFiles(context, job);
  await updateJob(db, job.id, context.owner, { phase: "done", finished: true, lastError: null });
}

async function applyChunk(context: EngineContext, job: RemoteJobRow, template: BatchTemplate, holder: string, lines: ResultLine[]) {
  const { db, config } = context;
  const keyed = lines.filter((line) => typeof line.key === "string" && /^\d{1,18}$/.test(line.key));
  const { rows } = await poolOf(db).query<SentImage & { id: string }>(sql`
    SELECT id::text, sha256, width, height, sent_bytes AS "sentBytes", sent_width AS "sentWidth", sent_height AS "sentHeight"
    FROM images WHERE id = ANY(${keyed.map((line) => line.key!)}::bigint[]) AND remote_job_id = ${job.id} AND status = 'processing'`);
  const held = new Map(rows.map((row) => [row.id, row]));
  await Promise.all(
    keyed.map(async (line) => {
      const image = held.get(line.key!);
      if (!image) return; // already applied, or no longer this job's
      const id = BigInt(line.key!);
      const outcome = lineOutcome(line, template.compiled.validate);
      const tokens = billedTokens("response" in outcome ? (outcome.response?.usageMetadata ?? undefined) : undefined);
      const cost = costMicros(template.model, tokens, "batch");
      const attempt = { keyId: job.remoteName, httpStatus: outcome.kind === "value" ? 200 : (outcome.error.options.httpStatus ?? 200), durationMs: 0, inputTokens: tokens.inputTokens, outputTokens: tokens.outputTokens, thoughtsTokens: tokens.thoughtsTokens };
      if (outcome.kind === "value") {
        await completeImage(db, id, holder, {
          result: normalizeBoxes(outcome.value), cached: false, ...tokens, costMicros: cost, model: template.settings.model, templateVersionId: template.versionId,
          cacheKey: image.sha256 ? resultCacheKey(config, image.sha256, template.versionId, template.settings.model) : null,
          sha256: image.sha256, width: image.width, height: image.height, sentBytes: image.sentBytes, sentWidth: image.sentWidth, sentHeight: image.sentHeight,
        }, { ...attempt, errorCode: null, errorMessage: null });
        return;
      }
      await recordAttempt(db, id, { ...attempt, errorCode: outcome.error.code, errorMessage: outcome.error.message });
      if (outcome.kind === "failed") await failImage(db, id, holder, { code: outcome.error.code, message: outcome.error.message });
      else if (outcome.kind === "pause") {
        await releaseImages(db, job.id, { fallback: false, refundRun: true, ids: [id], error: outcome.error });
        if (job.batchId) await pauseBatchBecause(db, job.batchId, { code: outcome.error.code, message: outcome.error.message });
      } else {
        await releaseImages(db, job.id, { fallback: config.GEMINI_BATCH_FALLBACK === "interactive", refundRun: false, ids: [id], error: outcome.error });
      }
    }),
  );
}
