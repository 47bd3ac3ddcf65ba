import type pg from "pg";

export interface Reservation {
  requestId: string;
  keyId: string;
  maskedKey: string;
}

export interface ReserveInput {
  project: string;
  keyIds: string[];
  estimatedTokens: number;
  windowMs: number;
  dayMs: number;
  limits: { rpm: number; tpm: number; rpd: number };
}

/**
 * Books one request on a project's ledger if its window and day have room, on its healthiest key (least recently used
 * first). One call of the loupe_reserve_gemini_request function: the project's lock, the usage read and the booking.
 * Returns the reservation, or when (on this machine's clock) the project will next have room.
 */
export async function reserveRequest(db: pg.Pool, input: ReserveInput): Promise<{ reservation?: Reservation; freeAt?: number }> {
  // The wait comes back as a duration measured on PostgreSQL's clock, so a database whose clock differs from this
  // machine's neither makes callers wait too long nor retry before the slot is free.
  const { rows } = await db.query<{ out_request_id: string | null; out_key_id: string | null; out_masked_key: string | null; wait_ms: number | null }>({
    name: "loupe_reserve_request", // prepared once per connection: it runs once or more for every call to Gemini
    text: `SELECT r.out_request_id, r.out_key_id, r.out_masked_key, (extract(epoch FROM r.out_free_at - clock_timestamp()) * 1000)::float8 AS wait_ms
           FROM loupe_reserve_gemini_request($1, $2, $3, $4, $5, $6, $7, $8) r`,
    values: [input.project, input.keyIds, input.estimatedTokens, input.windowMs, input.dayMs, input.limits.rpm, input.limits.tpm, input.limits.rpd],
  });
  const row = rows[0];
  if (!row) return {}; // none of the keys exists any more: the next listing will not offer them
  if (row.out_request_id && row.out_key_id && row.out_masked_key) {
    return { reservation: { requestId: row.out_request_id, keyId: row.out_key_id, maskedKey: row.out_masked_key } };
  }
  return { freeAt: row.wait_ms === null ? undefined : Date.now() + Math.max(0, row.wait_ms) };
}
