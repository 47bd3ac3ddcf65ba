import type { PrismaClient } from "../db/generated/client";
import { batchInTurn } from "../db/batch-in-turn";
import { poolOf, sql } from "../db/sql";

const findInTurn = batchInTurn({
  group: () => "",
  run: async (db: PrismaClient, _shared: null, cacheKeys: string[]) => {
    const { rows } = await poolOf(db).query<{ cache_key: string; result: unknown }>(sql`SELECT cache_key, result FROM result_cache WHERE cache_key = ANY(${cacheKeys}::text[])`);
    return new Map(rows.map((row) => [row.cache_key, row.result]));
  },
});

/**
 * The stored result for a cache key, or undefined. The images of a fetched batch of jobs arrive together, so lookups
 * made in the same turn of the event loop share one statement.
 */
export function findCachedResult(db: PrismaClient, cacheKey: string): Promise<unknown> {
  return findInTurn(db, null, cacheKey);
}
