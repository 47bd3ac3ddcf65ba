import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { once } from "node:events";
import { findCachedResult } from "../../analysis/find-cached-result";
import { loadImageBytes } from "../../analysis/load-image-bytes";
import { resultCacheKey } from "../../analysis/result-cache-key";
import { costMicros } from "../../costs/prices";
import { AnalysisError } from "../../errors";
import { imageTokensFor } from "../../gemini/image-tokens";
import { batchLineWriter, maxOutputTokensFor } from "../../gemini/request";
import { prepareImageForModel } from "../../images/prepare-for-model";
import { completeImage, failImage } from "../../orchestration/finish-image";
import { recordAttempt } from "../../orchestration/record-attempt";
import { batchTemplate } from "./batch-template";
import { jobFile, type EngineContext } from "./context";
import { extendLease, type RemoteJobRow } from "./remote-jobs";
import { heldImages, recordSentImages, releaseImages, remoteHolder, type JobImage } from "./job-images";

const PAGE = 200;
const AT_ONCE = 4;
// The Files API takes files up to 2 GB; a job's requests stop short of it and the rest wait for the next job.
export const MAX_REQUESTS_FILE_BYTES = 1_900_000_000;

export interface WrittenRequests {
  lines: number;
  bytes: number;
  tokens: number;
  /** The most the requests can cost at the batch price (every one using all its output room). */
  maxMicros: number;
}

/**
 * The `preparing` step: every image the job holds is loaded and prepared exactly as for an interactive call (same
 * downscaling, same request); one answered before (the result cache) is finished at once and never sent. Lines are
 * written to a local JSONL file from scratch each time the step runs, so a crash mid-way just means writing it again.
 */
export async function writeRequests(context: EngineContext, job: RemoteJobRow, maxFileBytes = MAX_REQUESTS_FILE_BYTES): Promise<WrittenRequests> {
  const { db, config } = context;
  await mkdir(context.workDir, { recursive: true });
  const out = createWriteStream(jobFile(context, job.id, "requests"));
  const written: WrittenRequests = { lines: 0, bytes: 0, tokens: 0, maxMicros: 0 };
  try {
    let after = 0n;
    let template: Awaited<ReturnType<typeof batchTemplate>> | null = null;
    let line: ReturnType<typeof batchLineWriter> | null = null;
    for (;;) {
      const page = await heldImages(db, job.id, after, PAGE);
      if (!page.length) break;
      after = page[page.length - 1].id;
      template ??= await batchTemplate(db, config, page[0]);
      line ??= batchLineWriter(template.settings, template.compiled.responseSchema, template.compiled.prompt, template.model);
      const prepared = await inGroups(page, AT_ONCE, (image) => prepareOne(context, job.id, image, template!));
      const sent = [];
      const overflow: bigint[] = [];
      for (const entry of prepared) {
        if (!entry) continue;
        const text = line(String(entry.image.id), entry.prepared.mimeType, entry.prepared.bytes.toString("base64"));
        if (written.bytes + Buffer.byteLength(text) > maxFileBytes) {
          overflow.push(entry.image.id);
          continue;
        }
        written.lines += 1;
        written.bytes += Buffer.byteLength(text);
        const inputTokens = imageTokensFor(entry.prepared.sent.width, entry.prepared.sent.height, template.model, template.settings.mediaResolution) + Math.ceil(template.compiled.prompt.length / 4);
        const outputRoom = maxOutputTokensFor(template.settings, template.model);
        written.tokens += inputTokens + outputRoom / 4;
        written.maxMicros += costMicros(template.model, { inputTokens, outputTokens: outputRoom }, "batch");
        if (!out.write(text)) await once(out, "drain");
        sent.push({ id: entry.image.id, sha256: entry.sha256, mimeType: entry.mimeType, bytes: entry.bytesLength, width: entry.prepared.original.width, height: entry.prepared.original.height, sentBytes: entry.prepared.sent.bytes, sentWidth: entry.prepared.sent.width, sentHeight: entry.prepared.sent.height });
      }
      await recordSentImages(db, sent);
      if (overflow.length) {
        // The file is full: these and every image not yet read go to the next job, their run given back.
        await releaseImages(db, job.id, { fallback: false, refundRun: true, ids: overflow });
        const rest = await heldImages(db, job.id, after, 1_000_000);
        if (rest.length) await releaseImages(db, job.id, { fallback: false, refundRun: true, ids: rest.map((image) => image.id) });
        break;
      }
      await extendLease(db, job.id, context.owner, context.leaseSeconds);
    }
  } finally {
    out.end();
    await once(out, "close");
  }
  written.tokens = Math.round(written.tokens);
  return written;
}

async function prepareOne(context: EngineContext, jobId: bigint, image: JobImage, template: Awaited<ReturnType<typeof batchTemplate>>) {
  const { db, config } = context;
  const holder = remoteHolder(jobId);
  try {
    const loaded = await loadImageBytes(image, config, context.storage, (attempt) => recordAttempt(db, image.id, attempt), AbortSignal.timeout(config.FETCH_TIMEOUT_MS * 2), db);
    const cacheKey = resultCacheKey(config, loaded.sha256, template.versionId, template.settings.model);
    const cached = await findCachedResult(db, cacheKey);
    if (cached !== undefined) {
      await completeImage(db, image.id, holder, {
        result: cached, cached: true, inputTokens: 0, outputTokens: 0, costMicros: 0, model: template.settings.model, templateVersionId: template.versionId,
        sha256: loaded.sha256, mimeType: loaded.mimeType, bytes: loaded.bytes.length,
      });
      return null;
    }
    const prepared = await prepareImageForModel(loaded.bytes, { maxSide: config.IMAGE_MAX_SIDE, format: config.IMAGE_FORMAT });
    return { image, prepared, sha256: loaded.sha256, mimeType: loaded.mimeType, bytesLength: loaded.bytes.length };
  } catch (caught) {
    const error = caught instanceof AnalysisError ? caught : new AnalysisError("internal", String((caught as Error)?.message ?? caught), { retryable: true });
    // Its host's breaker is open or its fetch slots are busy: it waits for a later job without using a run, as an
    // interactive image does (lib/hosts), instead of every job spending a fetch timeout on a dead host.
    if (error.options.hostWait) await releaseImages(db, jobId, { fallback: false, refundRun: true, ids: [image.id], error, notBefore: error.options.hostWait.until });
    // Its own problem (unreachable, not an image): as an interactive run would, fail it or leave it for a later job.
    else if (error.retryable && image.attempts < context.maxRuns) await releaseImages(db, jobId, { fallback: false, refundRun: false, ids: [image.id], error });
    else await failImage(db, image.id, holder, { code: error.code, message: error.message });
    return null;
  }
}

async function inGroups<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  }));
  return results;
}
