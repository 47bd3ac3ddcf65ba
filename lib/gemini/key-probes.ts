import type pg from "pg";
import type { LeaseOutcome } from "./key-pool";

// A probe claimed by a process that died is taken over after PROBE_CLAIM_MS; one that met a network error is retried
// after PROBE_RETRY_MS.
const PROBE_CLAIM_MS = 30_000;
const PROBE_RETRY_MS = 5000;

/**
 * Keys that have never answered get one probe each before any traffic, so a dead key costs one refusal instead of a
 * burst of images; across processes the probe_started_at claim makes it one probe, not one per process. Without a probe
 * function every key is taken as proven.
 */
export function createKeyProbes(input: {
  db: pg.Pool;
  secretOf: (keyId: string) => string | undefined;
  probe?: (apiKey: string) => Promise<LeaseOutcome>;
  applyOutcome: (target: { keyId: string; project: string }, outcome: Exclude<LeaseOutcome, { kind: "success" }>) => Promise<void>;
  /** A probe ended (whatever its outcome): the pool reads the keys again and wakes its waiting callers. */
  settled: () => void;
}) {
  const { db } = input;
  const probing = new Set<string>();

  async function probeKey(id: string) {
    const apiKey = input.secretOf(id);
    if (!apiKey) return;
    if (!input.probe) {
      await db.query(`UPDATE gemini_keys SET probed_at = coalesce(probed_at, now()) WHERE id = $1`, [id]);
      return;
    }
    const claimed = await db.query(
      `UPDATE gemini_keys SET probe_started_at = now() WHERE id = $1 AND probed_at IS NULL
         AND (probe_started_at IS NULL OR probe_started_at < now() - make_interval(secs => $2::float / 1000)) RETURNING project_id`,
      [id, PROBE_CLAIM_MS],
    );
    if (!claimed.rows.length) return; // another process is probing it (or it has answered meanwhile)
    const project = claimed.rows[0].project_id as string;
    const outcome = await input.probe(apiKey).catch((): LeaseOutcome => ({ kind: "transient" }));
    if (outcome.kind === "transient") {
      // Google did not answer (network, 5xx): try again soon, not after the claim's full expiry.
      await db.query(`UPDATE gemini_keys SET probe_started_at = now() - make_interval(secs => $2::float / 1000) WHERE id = $1`, [id, (PROBE_CLAIM_MS - PROBE_RETRY_MS) / 1000]);
      return;
    }
    // Any answer but a refusal of the key proves it (a 429 is a valid key whose project is busy).
    if (outcome.kind !== "invalid") await db.query(`UPDATE gemini_keys SET probed_at = now() WHERE id = $1`, [id]);
    if (outcome.kind !== "success") await input.applyOutcome({ keyId: id, project }, outcome);
  }

  return {
    /** Starts a probe of each key not already being probed by this process. */
    start(ids: string[]) {
      for (const id of ids) {
        if (probing.has(id)) continue;
        probing.add(id);
        void probeKey(id)
          .catch(() => {}) // the database went away: the next read of the keys starts it again
          .finally(() => {
            probing.delete(id);
            input.settled();
          });
      }
    },
  };
}
