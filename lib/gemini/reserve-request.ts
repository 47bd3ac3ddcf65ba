import type pg from "pg";

export interface Reservation {
  requestId: string;
  keyId: string;
  maskedKey: string;
}

export interface ReserveInput {
  project: string;
  keyIds: string[];
  /** One booking per entry, with that call's estimated tokens. */
  estimatedTokens: number[];
  windowMs: number;
  dayMs: number;
  limits: { rpm: number; tpm: number; rpd: number };
}

/**
 * Books requests on a project's ledger while its window and day have room, each on its healthiest key (least recently
 * used first): one call of loupe_reserve_gemini_requests, which books them one by one under the project's lock.
 * Returns the reservations made (in the order asked), and when the project did not have room for all of them, when (on
 * this machine's clock) it will next have room.
 */
export async function reserveRequests(db: pg.Pool, input: ReserveInput): Promise<{ reservations: Reservation[]; freeAt?: number }> {
  // The wait comes back as a duration measured on PostgreSQL's clock, so a database whose clock differs from this
  // machine's neither makes callers wait too long nor retry before the slot is free.
  const { rows } = await db.query<{ out_request_id: string | null; out_key_id: string | null; out_masked_key: string | null; wait_ms: number | null }>({
    name: "loupe_reserve_requests", // prepared once per connection: it runs for every burst of calls to Gemini
    text: `SELECT r.out_request_id, r.out_key_id, r.out_masked_key, (extract(epoch FROM r.out_free_at - clock_timestamp()) * 1000)::float8 AS wait_ms
           FROM loupe_reserve_gemini_requests($1, $2, $3, $4, $5, $6, $7, $8) r`,
    values: [input.project, input.keyIds, input.estimatedTokens.map(Math.round), input.windowMs, input.dayMs, input.limits.rpm, input.limits.tpm, input.limits.rpd],
  });
  const reservations: Reservation[] = [];
  for (const row of rows) {
    if (row.out_request_id && row.out_key_id && row.out_masked_key) {
      reservations.push({ requestId: row.out_request_id, keyId: row.out_key_id, maskedKey: row.out_masked_key });
    } else {
      return { reservations, freeAt: row.wait_ms === null ? undefined : Date.now() + Math.max(0, row.wait_ms) };
    }
  }
  return { reservations }; // fewer rows than asked, and no refusal: none of the keys may be used now
}
