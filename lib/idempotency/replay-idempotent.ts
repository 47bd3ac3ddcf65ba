import type pg from "pg";
import { LoupeError } from "../errors";
import { sql } from "../db/sql";
import type { Config } from "../config";
import { KEEP_HOURS } from "./forget-old-keys";
import { spoolRequest } from "./spool-request";

/** A first request still "running" after this long died with its process: the key may be used again. */
const ABANDONED_AFTER_MINUTES = 10;
/** A duplicate sent while the first is still being answered waits this long for its answer. */
const WAIT_FOR_FIRST_MS = 30_000;
const POLL_MS = 100;
/** Idempotent bodies are spooled to disk, so the cap is the largest upload a route takes (a CSV or a ZIP) and a form's fields. */
export const idempotentBodyLimit = (config: Pick<Config, "MAX_CSV_MB" | "MAX_ZIP_MB">) => (Math.max(config.MAX_CSV_MB, config.MAX_ZIP_MB) + 1) * 1024 * 1024;
// Response headers worth replaying (the rest are the server's per-response ones).
const KEPT_HEADERS = ["content-type", "content-disposition", "location", "x-image-width", "x-image-height", "retry-after"];

interface StoredKey {
  request_hash: string;
  state: string;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: Buffer | null;
}

export function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get("idempotency-key");
  if (key === null) return null;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new LoupeError(400, "invalid_idempotency_key", "Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID.");
  }
  return key;
}

function replay(stored: StoredKey): Response {
  const headers = new Headers(stored.response_headers ?? {});
  headers.set("idempotent-replayed", "true");
  return new Response(stored.response_body ? new Uint8Array(stored.response_body) : null, { status: stored.response_status ?? 200, headers });
}

const mismatch = () =>
  new LoupeError(409, "idempotency_key_reused", "This Idempotency-Key was already used in the last 24 hours with a different request (path or body); send a new key for a new request.");

/**
 * Idempotency-Key on a POST: the first request with a key runs and its answer (below 500) is kept for 24 h; the same
 * request again gets that answer replayed (Idempotent-Replayed: true) and creates nothing; another request with the key is
 * a 409. A duplicate that arrives while the first is running waits for the first's answer. A 5xx is not kept, so a retry
 * after a server error runs again.
 */
export async function replayIdempotent(
  pool: pg.Pool,
  request: Request,
  scope: string,
  key: string,
  run: (request: Request) => Promise<Response>,
  spool: { dir: string; maxBodyBytes: number },
): Promise<Response> {
  // The body waits in a file, not in memory, while it is hashed and answered.
  const spooled = await spoolRequest(request, spool.dir, spool.maxBodyBytes);
  try {
    return await answerOnce(pool, request, scope, key, spooled.hash, () => run(spooled.replay()));
  } finally {
    await spooled.discard();
  }
}

async function answerOnce(pool: pg.Pool, request: Request, scope: string, key: string, hash: string, run: () => Promise<Response>): Promise<Response> {
  const path = new URL(request.url).pathname;
  const claimed = await pool.query(sql`
    INSERT INTO idempotency_keys (scope, key, request_hash, path) VALUES (${scope}, ${key}, ${hash}, ${path})
    ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, path = EXCLUDED.path, state = 'running',
      response_status = NULL, response_headers = NULL, response_body = NULL, created_at = now(), updated_at = now()
      WHERE idempotency_keys.created_at < now() - make_interval(hours => ${KEEP_HOURS})
         OR (idempotency_keys.state = 'running' AND idempotency_keys.updated_at < now() - make_interval(mins => ${ABANDONED_AFTER_MINUTES}))
    RETURNING 1`);
  if (claimed.rowCount === 0) return answerDuplicate(pool, scope, key, hash);

  let response: Response;
  try {
    response = await run();
  } catch (error) {
    await pool.query(sql`DELETE FROM idempotency_keys WHERE scope = ${scope} AND key = ${key}`);
    throw error;
  }
  if (response.status >= 500) {
    await pool.query(sql`DELETE FROM idempotency_keys WHERE scope = ${scope} AND key = ${key}`);
    return response;
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const headers = Object.fromEntries(KEPT_HEADERS.flatMap((name) => (response.headers.has(name) ? [[name, response.headers.get(name)!]] : [])));
  await pool.query(sql`
    UPDATE idempotency_keys SET state = 'done', response_status = ${response.status}, response_headers = ${JSON.stringify(headers)}::jsonb,
      response_body = ${bytes}, updated_at = now() WHERE scope = ${scope} AND key = ${key}`);
  return new Response(new Uint8Array(bytes), { status: response.status, statusText: response.statusText, headers: response.headers });
}

async function answerDuplicate(pool: pg.Pool, scope: string, key: string, hash: string): Promise<Response> {
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const { rows } = await pool.query<StoredKey>(sql`
      SELECT request_hash, state, response_status, response_headers, response_body
      FROM idempotency_keys WHERE scope = ${scope} AND key = ${key}`);
    const stored = rows[0];
    // The first failed with a server error (its key was dropped) while this one waited: the caller may simply retry.
    if (!stored) throw new LoupeError(409, "idempotency_key_retry", "The first request with this Idempotency-Key failed while this one waited; send it again.");
    if (stored.request_hash !== hash) throw mismatch();
    if (stored.state === "done") return replay(stored);
    if (Date.now() > deadline) {
      throw new LoupeError(409, "idempotency_key_in_use", "A request with this Idempotency-Key is still being answered; try again in a few seconds to get its answer.");
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
