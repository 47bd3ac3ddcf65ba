import type { PrismaClient } from "../db/generated/client";

export interface KeyStatus {
  id: string;
  maskedKey: string;
  project: string;
  source: string;
  state: string;
  stateReason: string | null;
  cooldownUntil: string | null;
  exhaustedUntil: string | null;
  /** False until the key has answered its probe (or a call): it gets no traffic before. */
  proven: boolean;
  successCount: number;
  failureCount: number;
  successRate: number | null;
  latencyMs: number | null;
  requestsToday: number;
  rateLimitedLastHour: number;
  lastUsedAt: string | null;
}

export interface ProjectStatus {
  id: string;
  rpmUsed: number;
  rpmLimit: number;
  tpmUsed: number;
  tpmLimit: number;
  rpdUsed: number;
  rpdLimit: number;
  cooldownUntil: string | null;
  /** The project's daily quota is used up until then (Google's reset, midnight Pacific), with Google's words. */
  exhaustedUntil: string | null;
  exhaustedReason: string | null;
}

const iso = (date: Date | null) => (date && date.getTime() > Date.now() ? date.toISOString() : null);

/**
 * The key pool as admins see it: each key's state (a cooldown that has passed reads as active), health and 429s in the last
 * hour; each project's use of its per-minute and per-day quota from the shared reservation ledger. Masked keys only.
 */
export async function getKeyPoolStatus(db: PrismaClient): Promise<{ keys: KeyStatus[]; projects: ProjectStatus[] }> {
  const [keys, projects, usage, limited] = await Promise.all([
    db.geminiKey.findMany({ orderBy: [{ projectId: "asc" }, { createdAt: "asc" }], include: { project: { select: { cooldownUntil: true, exhaustedUntil: true } } } }),
    db.geminiProject.findMany({ orderBy: { id: "asc" } }),
    db.$queryRaw<{ project_id: string; rpm: number; tpm: bigint; rpd: number }[]>`
      WITH minute AS (
        SELECT project_id, count(*)::int AS rpm, coalesce(sum(tokens), 0)::bigint AS tpm
        FROM gemini_requests WHERE at > clock_timestamp() - interval '1 minute' GROUP BY project_id
      ), day AS (
        SELECT project_id, sum(requests)::int AS rpd FROM gemini_usage_buckets
        WHERE bucket >= floor((extract(epoch FROM clock_timestamp()) * 1000 - 24 * bucket_ms) / bucket_ms) GROUP BY project_id
      )
      SELECT coalesce(minute.project_id, day.project_id) AS project_id, coalesce(minute.rpm, 0) AS rpm, coalesce(minute.tpm, 0) AS tpm, coalesce(day.rpd, 0) AS rpd
      FROM minute FULL JOIN day ON day.project_id = minute.project_id`,
    db.$queryRaw<{ key_id: string; n: number }[]>`
      SELECT key_id, count(*)::int AS n FROM image_attempts
      WHERE error_code = 'rate_limited' AND created_at > now() - interval '1 hour' AND key_id IS NOT NULL GROUP BY key_id`,
  ]);
  const usageByProject = new Map(usage.map((row) => [row.project_id, row]));
  const limitedByMask = new Map(limited.map((row) => [row.key_id, row.n]));
  return {
    keys: keys.map((key) => {
      const cooldown = [key.cooldownUntil, key.project.cooldownUntil].filter(Boolean).sort((a, b) => b!.getTime() - a!.getTime())[0] ?? null;
      const exhausted = iso([key.exhaustedUntil, key.project.exhaustedUntil].filter(Boolean).sort((a, b) => b!.getTime() - a!.getTime())[0] ?? null);
      const coolingUntil = iso(cooldown);
      const state = key.state === "invalid" || key.state === "disabled" ? key.state : exhausted ? "exhausted" : coolingUntil ? "cooling_down" : "active";
      const calls = Number(key.successCount) + Number(key.failureCount);
      return {
        id: key.id,
        maskedKey: key.maskedKey,
        project: key.projectId,
        source: key.source,
        state,
        stateReason: state === "active" ? null : key.stateReason,
        cooldownUntil: coolingUntil,
        exhaustedUntil: exhausted,
        proven: key.probedAt !== null,
        successCount: Number(key.successCount),
        failureCount: Number(key.failureCount),
        successRate: calls ? Number(key.successCount) / calls : null,
        latencyMs: key.latencyEwmaMs === null ? null : Math.round(key.latencyEwmaMs),
        requestsToday: key.requestsToday,
        rateLimitedLastHour: limitedByMask.get(key.maskedKey) ?? 0,
        lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      };
    }),
    projects: projects.map((project) => {
      const used = usageByProject.get(project.id);
      return {
        id: project.id,
        rpmUsed: used?.rpm ?? 0,
        rpmLimit: project.rpmLimit,
        tpmUsed: Number(used?.tpm ?? 0),
        tpmLimit: project.tpmLimit,
        rpdUsed: used?.rpd ?? 0,
        rpdLimit: project.rpdLimit,
        cooldownUntil: iso(project.cooldownUntil),
        exhaustedUntil: iso(project.exhaustedUntil),
        exhaustedReason: iso(project.exhaustedUntil) ? project.exhaustedReason : null,
      };
    }),
  };
}
