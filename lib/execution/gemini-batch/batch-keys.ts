import type { Config } from "../../config";
import type { PrismaClient } from "../../db/generated/client";
import { poolOf, sql } from "../../db/sql";
import { GOOGLE_BASE_URL, type BatchApiTarget } from "../../gemini/batch-api/rest";
import { keyId } from "../../gemini/key-identity";
import type { PoolKey } from "../../gemini/key-pool";

/**
 * The keys remote jobs are submitted with. A remote job belongs to its key's project for its whole life (polls, results,
 * cancellation), so each job keeps the key it was created with.
 */
export function createBatchKeys(config: Config, adminKeys: () => Promise<PoolKey[]>) {
  async function secrets(): Promise<Map<string, PoolKey>> {
    const all = [...config.geminiKeys, ...(await adminKeys().catch(() => []))];
    return new Map(all.map((entry) => [keyId(entry.key), entry]));
  }
  const target = (apiKey: string): BatchApiTarget => ({ baseUrl: config.GEMINI_BASE_URL ?? GOOGLE_BASE_URL, apiKey, timeoutMs: config.GEMINI_TIMEOUT_MS });

  return {
    /** The API target of a job's key; null when the key is gone (removed from the configuration). */
    async targetOf(id: string): Promise<BatchApiTarget | null> {
      const entry = (await secrets()).get(id);
      return entry ? target(entry.key) : null;
    },

    /**
     * A usable key for a new job on this model: of the project with the fewest tokens enqueued for it (the Batch API's
     * limit is per project and model), and room under `enqueuedTokenCap` for `tokens` more. Null: none has room now.
     */
    async pick(db: PrismaClient, model: string, tokens: number, enqueuedTokenCap: number): Promise<{ keyId: string; projectId: string } | null> {
      const known = await secrets();
      const { rows } = await poolOf(db).query<{ id: string; project_id: string; enqueued: number }>(sql`
        SELECT k.id, k.project_id, coalesce(q.enqueued, 0)::float8 AS enqueued
        FROM gemini_keys k
        LEFT JOIN (
          SELECT project_id, sum(estimated_tokens) AS enqueued FROM gemini_batch_jobs
          WHERE model = ${model} AND phase IN ('submitting', 'running') GROUP BY project_id
        ) q ON q.project_id = k.project_id
        WHERE k.id = ANY(${[...known.keys()]}::text[]) AND k.state NOT IN ('invalid', 'disabled')
        ORDER BY coalesce(q.enqueued, 0), k.success_ewma DESC, k.id`);
      const fits = rows.find((row) => row.enqueued + tokens <= enqueuedTokenCap || row.enqueued === 0);
      return fits ? { keyId: fits.id, projectId: fits.project_id } : null;
    },

    /** Tokens already enqueued on this job's project and model by other active jobs. */
    async enqueuedBesides(db: PrismaClient, jobId: bigint, projectId: string, model: string): Promise<number> {
      const { rows } = await poolOf(db).query<{ n: number }>(sql`
        SELECT coalesce(sum(estimated_tokens), 0)::float8 AS n FROM gemini_batch_jobs
        WHERE project_id = ${projectId} AND model = ${model} AND phase IN ('submitting', 'running') AND id <> ${jobId} AND remote_name IS NOT NULL`);
      return rows[0]?.n ?? 0;
    },
  };
}

export type BatchKeys = ReturnType<typeof createBatchKeys>;
