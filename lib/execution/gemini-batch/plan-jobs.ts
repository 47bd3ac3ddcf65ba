import { poolOf, sql } from "../../db/sql";
import type { EngineContext } from "./context";
import { attachImages } from "./job-images";
import { createJobRow } from "./remote-jobs";
import { batchTemplate } from "./batch-template";
import { imageTokensFor } from "../../gemini/image-tokens";
import { maxOutputTokensFor } from "../../gemini/request";

// Google allows 100 concurrent batch jobs per project; Loupe keeps under it.
const MAX_ACTIVE_JOBS = 50;

/**
 * Starts a remote job for each running Batch-mode batch with queued images and none being prepared: as many images as
 * GEMINI_BATCH_MAX_REQUESTS allows and the project's enqueued-token room holds (estimated as the interactive pool does).
 */
export async function planJobs(context: EngineContext): Promise<number> {
  const { db, config } = context;
  const { rows } = await poolOf(db).query<{ id: string; template_version_id: string | null; model: string | null }>(sql`
    SELECT b.id::text, b.template_version_id::text, b.model FROM batches b
    WHERE b.status = 'running' AND b.engine = 'batch' AND b.kind <> 'parent'
      AND NOT EXISTS (SELECT 1 FROM gemini_batch_jobs j WHERE j.batch_id = b.id AND j.phase = 'preparing')
      AND EXISTS (SELECT 1 FROM images i WHERE i.batch_id = b.id AND i.status = 'queued' AND i.dispatched_at IS NULL AND NOT i.interactive_fallback)
      AND (SELECT count(*) FROM gemini_batch_jobs j WHERE j.phase IN ('preparing', 'uploading', 'submitting', 'running')) < ${MAX_ACTIVE_JOBS}
    ORDER BY b.created_at LIMIT 20`);
  let planned = 0;
  for (const batch of rows) {
    const template = await batchTemplate(db, config, { templateVersionId: batch.template_version_id, model: batch.model });
    const side = config.IMAGE_MAX_SIDE;
    const perImage = imageTokensFor(side, Math.round(side * 0.75), template.model, template.settings.mediaResolution) + template.compiled.prompt.length / 4 + maxOutputTokensFor(template.settings, template.model) / 4;
    const size = Math.max(1, Math.min(config.GEMINI_BATCH_MAX_REQUESTS, Math.floor(config.GEMINI_BATCH_ENQUEUED_TOKENS / perImage)));
    const key = await context.keys.pick(db, template.settings.model, size * perImage, config.GEMINI_BATCH_ENQUEUED_TOKENS);
    if (!key) continue; // every project is at its enqueued-token limit: the next tick tries again
    const job = await createJobRow(db, { batchId: batch.id, projectId: key.projectId, keyId: key.keyId, model: template.settings.model });
    // Held until well past the job's deadline; the watchdog hands them back first.
    const attached = await attachImages(db, job.id, batch.id, size, Math.ceil(config.GEMINI_BATCH_DEADLINE_HOURS * 3600 + 6 * 3600));
    if (attached === 0) await poolOf(db).query(sql`DELETE FROM gemini_batch_jobs WHERE id = ${job.id} AND phase = 'preparing'`);
    else planned += 1;
  }
  return planned;
}
