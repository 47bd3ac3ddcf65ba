import { createHash } from "node:crypto";
import type pg from "pg";
import { LoupeError } from "../errors";
import { sql } from "../db/sql";

import { KEEP_HOURS } from "./forget-old-keys";
/** A first request still "running" after this long died with its process: the key may be used again. */
const ABANDONED_AFTER_MINUTES = 10;
/** A duplicate sent while the first is still being answered waits this long for its answer. */
const WAIT_FOR_FIRST_MS = 30_000;
const POLL_MS = 100;
/** Idempotent requests are hashed whole in memory: larger bodies are refused rather than buffered. */
export const IDEMPOTENT_MAX_BODY_BYTES = 100 * 1024 * 1024;
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

async function readBody(request: Request): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  const tooLarge = () =>
    new LoupeError(413, "idempotent_body_too_large", `Idempotency-Key is honoured for request bodies up to ${IDEMPOTENT_MAX_BODY_BYTES / 1024 / 1024} MB; send larger uploads without it.`);
  if (declared > IDEMPOTENT_MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  if (!request.body) return Buffer.alloc(0);
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > IDEMPOTENT_MAX_BODY_BYTES) throw tooLarge();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * What makes two requests "the same": path, query and body. A multipart body is hashed part by part (names, file names,
 * bytes), so the same `curl -F …` sent twice, with two different boundaries, is the same request.
 */
async function requestHash(request: Request, body: Buffer): Promise<string> {
  const url = new URL(request.url);
  const hash = createHash("sha256").update(`${request.method} ${url.pathname}${url.search}\n`);
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const form = await new Request(request.url, { method: "POST", headers: { "content-type": type }, body: new Uint8Array(body) }).formData();
    for (const [name, value] of form.entries()) {
      hash.update(`\0${name}\0`);
      if (typeof value === "string") hash.update(`s\0${value}`);
      else hash.update(`f\0${value.name}\0`).update(new Uint8Array(await value.arrayBuffer()));
    }
  } else {
    hash.update(`${type.split(";")[0]}\n`).update(body);
  }
  return hash.digest("hex");
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
export async function replayIdempotent(pool: pg.Pool, request: Request, scope: string, key: string, run: (request: Request) => Promise<Response>): Promise<Response> {
  const body = await readBody(request);
  const hash = await requestHash(request, body);
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
    response = await run(new Request(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(body) }));
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
