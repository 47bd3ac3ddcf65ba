/** The parts of a Google error body Loupe acts on, whatever wrapping it came in. */
export interface GoogleErrorDetail {
  "@type"?: string;
  retryDelay?: string;
  reason?: string;
  detail?: string;
  metadata?: Record<string, string>;
  violations?: { quotaId?: string; quotaMetric?: string }[];
}

export interface GoogleError {
  code?: number;
  message: string;
  status?: string;
  details: GoogleErrorDetail[];
}

function parseJson(text: string): unknown {
  const start = text.indexOf("{");
  if (start < 0) return null;
  try {
    return JSON.parse(text.slice(start));
  } catch {
    return null;
  }
}

/**
 * Reads `{"error": {code, message, status, details}}` out of an SDK error message. @google/genai wraps a body it could not
 * read as JSON (an error served as text/event-stream, a proxy's page) as `{"error": {"message": "<the real body>", …}}`,
 * so a message that is itself a Google error body is unwrapped, as deep as it goes.
 */
export function readGoogleError(text: string): GoogleError | null {
  type Body = { error?: { code?: unknown; message?: unknown; status?: unknown; details?: unknown } } | null;
  let body = parseJson(text) as Body;
  let found = null as GoogleError | null;
  for (let depth = 0; depth < 4 && body?.error && typeof body.error === "object"; depth += 1) {
    const error = body.error;
    const message = typeof error.message === "string" ? error.message : "";
    found = {
      code: typeof error.code === "number" ? error.code : found?.code,
      message,
      status: typeof error.status === "string" && /^[A-Z_]+$/.test(error.status) ? error.status : found?.status,
      details: Array.isArray(error.details) ? (error.details as GoogleErrorDetail[]) : (found?.details ?? []),
    };
    const inner = message.trimStart().startsWith("{") ? (parseJson(message) as Body) : null;
    if (!inner?.error) break;
    body = inner;
  }
  return found;
}

/** "12s" / "0.5s" → milliseconds. */
export function parseRetryDelay(value: string | undefined): number | null {
  const match = value?.match(/^([\d.]+)s$/);
  return match ? Math.ceil(Number(match[1]) * 1000) : null;
}

/** How long Google asks us to wait: RetryInfo, or the newer message form "Please retry in 12.3s." */
export function retryDelayOf(error: GoogleError): number | null {
  const info = parseRetryDelay(error.details.find((d) => d["@type"]?.endsWith("RetryInfo"))?.retryDelay);
  if (info !== null) return info;
  const inMessage = error.message.match(/retry in ([\d.]+)\s*(ms|s)\b/i);
  if (!inMessage) return null;
  return Math.ceil(Number(inMessage[1]) * (inMessage[2].toLowerCase() === "ms" ? 1 : 1000));
}

/** A per-day limit, in any of the forms it comes in: a quotaId, an ErrorInfo's quota_limit, or only the message. */
export function isPerDayQuota(error: GoogleError): boolean {
  const named = (text: string | undefined) => /per ?day|PerDay|daily/i.test(text ?? "");
  return (
    error.details.some((d) => d.violations?.some((v) => named(v.quotaId) || named(v.quotaMetric)) || named(d.metadata?.quota_limit) || named(d.metadata?.quota_metric)) ||
    /requests? per day|per[- ]day|daily (quota|limit)/i.test(error.message)
  );
}
