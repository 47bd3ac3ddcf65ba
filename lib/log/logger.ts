import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Structured JSON logs (pino). Every line is scrubbed of secrets on the way out: Gemini-style keys, Loupe API tokens, bearer
 * values and any key configured in this process are replaced by their masked form, in messages and in logged objects.
 */
const GOOGLE_KEY = /AIza[0-9A-Za-z_-]{20,}/g;
const LOUPE_TOKEN = /loupe_[0-9A-Za-z_-]{8,}/g;
const BEARER = /(Bearer\s+)[^\s"']+/gi;

const mask = (value: string) => (value.length <= 10 ? "…" : `${value.slice(0, 4)}…${value.slice(-4)}`);

export function scrubSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = text.replace(GOOGLE_KEY, mask).replace(LOUPE_TOKEN, "loupe_…").replace(BEARER, "$1…");
  for (const secret of knownSecrets) if (secret.length >= 6 && out.includes(secret)) out = out.split(secret).join(mask(secret));
  return out;
}

export function createLogger(options: { level?: string; knownSecrets?: () => readonly string[]; destination?: DestinationStream } = {}): Logger {
  const known = options.knownSecrets ?? (() => []);
  const scrubbing: DestinationStream = {
    write(line: string) {
      (options.destination ?? process.stdout).write(scrubSecrets(line, known()));
    },
  };
  return pino(
    {
      level: options.level ?? "info",
      base: { app: "loupe" },
      redact: { paths: ["apiKey", "*.apiKey", "key", "*.key", "password", "*.password", "authorization", "*.authorization", "headers.cookie"], censor: "[redacted]" },
    },
    scrubbing,
  );
}

const holder = globalThis as unknown as { loupeLogger?: Logger };

/** The process logger: LOG_LEVEL, and the configured Gemini keys as known secrets. */
export function logger(): Logger {
  if (!holder.loupeLogger) {
    const keys = (process.env.GEMINI_API_KEYS ?? "").split(",").map((entry) => entry.slice(entry.indexOf(":") + 1).trim());
    const numbered = Object.entries(process.env).filter(([name]) => /^GEMINI_API_KEY_\d+$/.test(name)).map(([, value]) => value ?? "");
    const secrets = [...keys, ...numbered, process.env.AUTH_SECRET ?? "", process.env.METRICS_TOKEN ?? ""].filter((value) => value.length >= 6);
    holder.loupeLogger = createLogger({ level: process.env.LOG_LEVEL ?? "info", knownSecrets: () => secrets });
  }
  return holder.loupeLogger;
}
