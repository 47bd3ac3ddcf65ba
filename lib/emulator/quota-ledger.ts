/** Per-project sliding-window accounting, as Google applies quotas per Cloud project. */
export interface ProjectQuota {
  rpm: number;
  tpm: number;
  rpd: number;
}

export interface ProjectStats {
  accepted: number;
  rejected: Record<string, number>;
  tokens: number;
  /** The most requests accepted within any one window: tests assert it never exceeds rpm. */
  maxInWindow: number;
  /** What the accepted answers' usageMetadata billed, summed. */
  promptTokens: number;
  candidatesTokens: number;
  thoughtsTokens: number;
  cachedTokens: number;
}

export type BilledUsage = Pick<ProjectStats, "promptTokens" | "candidatesTokens" | "thoughtsTokens" | "cachedTokens">;

export type QuotaVerdict = { ok: true } | { ok: false; quotaId: string; retryAfterMs: number; perDay: boolean };

export class QuotaLedger {
  private requests = new Map<string, { at: number; tokens: number }[]>();
  private daily = new Map<string, number[]>();
  readonly stats = new Map<string, ProjectStats>();

  constructor(private windowMs: number, private dayMs: number) {}

  configure(windowMs: number, dayMs: number) {
    this.windowMs = windowMs;
    this.dayMs = dayMs;
  }

  statsOf(project: string): ProjectStats {
    if (!this.stats.has(project)) this.stats.set(project, { accepted: 0, rejected: {}, tokens: 0, maxInWindow: 0, promptTokens: 0, candidatesTokens: 0, thoughtsTokens: 0, cachedTokens: 0 });
    return this.stats.get(project)!;
  }

  reject(project: string, reason: string) {
    const stats = this.statsOf(project);
    stats.rejected[reason] = (stats.rejected[reason] ?? 0) + 1;
  }

  bill(project: string, usage: BilledUsage) {
    const stats = this.statsOf(project);
    stats.promptTokens += usage.promptTokens;
    stats.candidatesTokens += usage.candidatesTokens;
    stats.thoughtsTokens += usage.thoughtsTokens;
    stats.cachedTokens += usage.cachedTokens;
  }

  /** Admits a request (recording it) or says which quota it would break and when the window frees up. */
  admit(project: string, quota: ProjectQuota, tokens: number, now = Date.now()): QuotaVerdict {
    const windowStart = now - this.windowMs;
    const recent = (this.requests.get(project) ?? []).filter((entry) => entry.at > windowStart);
    const today = (this.daily.get(project) ?? []).filter((at) => at > now - this.dayMs);
    this.requests.set(project, recent);
    this.daily.set(project, today);
    if (today.length >= quota.rpd) return { ok: false, quotaId: "GenerateRequestsPerDayPerProjectPerModel", retryAfterMs: today[0] + this.dayMs - now, perDay: true };
    if (recent.length >= quota.rpm) return { ok: false, quotaId: "GenerateRequestsPerMinutePerProjectPerModel", retryAfterMs: recent[0].at + this.windowMs - now, perDay: false };
    const used = recent.reduce((sum, entry) => sum + entry.tokens, 0);
    if (used + tokens > quota.tpm && recent.length > 0) {
      return { ok: false, quotaId: "GenerateContentInputTokensPerModelPerMinute", retryAfterMs: recent[0].at + this.windowMs - now, perDay: false };
    }
    recent.push({ at: now, tokens });
    today.push(now);
    const stats = this.statsOf(project);
    stats.accepted += 1;
    stats.tokens += tokens;
    stats.maxInWindow = Math.max(stats.maxInWindow, recent.length);
    return { ok: true };
  }

  reset() {
    this.requests.clear();
    this.daily.clear();
    this.stats.clear();
  }
}
