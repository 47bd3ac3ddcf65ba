import path from "node:path";
import { z } from "zod";
import { modelCatalogue, modelPricesEnvSchema, type ModelInfo } from "./gemini/models";
import type { StorageSettings } from "./storage";
import { readServiceAccount, serviceAccountPoolKey, ServiceAccountFileError } from "./gemini/vertex-service-account";

/**
 * Every environment variable Loupe reads, validated once. A bad value stops startup with a message that names it.
 * .env.example documents each one; keep the two in step.
 */
const integer = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ message: `must be a whole number between ${min} and ${max}` })
    .int({ message: `must be a whole number between ${min} and ${max}` })
    .min(min, { message: `must be a whole number between ${min} and ${max}` })
    .max(max, { message: `must be a whole number between ${min} and ${max}` })
    .default(fallback);

const onOff = (fallback: "on" | "off") =>
  z
    .enum(["on", "off", "true", "false", "1", "0"], { message: 'must be "on" or "off"' })
    .default(fallback)
    .transform((value) => value === "on" || value === "true" || value === "1");

const optionalUrl = (what: string) =>
  z
    .string()
    .trim()
    .url({ message: `must be a full URL (${what})` })
    .optional();

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: integer(1, 65535, 3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, { message: "must be a PostgreSQL URL such as postgresql://user:pass@host:5432/loupe" })
    .optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
    message: "must be one of fatal, error, warn, info, debug, trace, silent",
  }).default("info"),
  PUBLIC_URL: optionalUrl("where people reach Loupe, e.g. https://loupe.example.com"),

  MAX_BATCH_SIZE: integer(1, 1_000_000, 5000),
  MAX_UPLOAD_MB: integer(1, 2048, 20),
  MAX_CSV_MB: integer(1, 10_240, 2048),
  MAX_ZIP_MB: integer(1, 10_240, 1024),
  STORAGE_QUOTA_MB: z.coerce
    .number({ message: "must be a whole number of megabytes (at least 1)" })
    .int({ message: "must be a whole number of megabytes (at least 1)" })
    .min(1, { message: "must be a whole number of megabytes (at least 1)" })
    .optional(),
  FETCH_TIMEOUT_MS: integer(1000, 600_000, 30_000),
  STORAGE_URL: z
    .string()
    .trim()
    .regex(/^(s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?|local)$/, { message: "must be s3://bucket or s3://bucket/prefix (a valid bucket name), or local" })
    .default("local"),
  S3_ENDPOINT: optionalUrl("an S3-compatible endpoint, e.g. https://<account>.r2.cloudflarestorage.com or http://minio:9000"),
  S3_REGION: z.string().trim().min(1).optional(),
  S3_FORCE_PATH_STYLE: onOff("off"),

  GEMINI_API_KEYS: z.string().optional(),
  GEMINI_BASE_URL: optionalUrl("a Gemini-compatible endpoint"),
  GEMINI_MODEL: z.string().min(1).default("gemini-2.5-flash"),
  // Prices per million tokens, overriding or adding models: {"model": {"input", "output", "cachedInput"?, "batchInput"?, "batchOutput"?}}.
  GEMINI_PRICES: modelPricesEnvSchema.optional(),
  // A cap on what every batch together may spend per day (the day as Google's: midnight to midnight America/Los_Angeles).
  GEMINI_DAILY_BUDGET_USD: z.coerce.number({ message: "must be an amount of US dollars such as 25 or 2.50" }).positive({ message: "must be more than 0 US dollars" }).optional(),
  // How new batches reach Gemini: interactive calls, the Batch API (half price, within 24 h), or auto (batch past a threshold).
  GEMINI_DEFAULT_MODE: z.enum(["interactive", "batch", "auto"], { message: 'must be "interactive", "batch" or "auto"' }).default("interactive"),
  // auto chooses the Batch API when interactive calls would take longer than this (or more than a day's quota).
  GEMINI_AUTO_BATCH_MINUTES: integer(1, 100_000, 120),
  GEMINI_BATCH_MAX_REQUESTS: integer(1, 200_000, 10_000),
  // Tokens enqueued per project and model across its active remote jobs (Google's Tier 1 cap for 2.5 Flash: 3,000,000).
  GEMINI_BATCH_ENQUEUED_TOKENS: integer(1000, 10_000_000_000, 3_000_000),
  GEMINI_BATCH_POLL_SECONDS: z.coerce.number({ message: "must be a number of seconds such as 30" }).min(0.05, { message: "must be at least 0.05 seconds" }).max(3600, { message: "must be at most 3600 seconds" }).default(30),
  GEMINI_BATCH_DEADLINE_HOURS: z.coerce.number({ message: "must be a number of hours such as 24 or 0.5" }).positive({ message: "must be more than 0 hours" }).max(48, { message: "must be at most 48 hours (Google expires jobs then)" }).default(24),
  // What happens to a remote job's unfinished images when it expires, fails or passes its deadline.
  GEMINI_BATCH_FALLBACK: z.enum(["interactive", "batch"], { message: 'must be "interactive" or "batch"' }).default("interactive"),
  // gemini: the Gemini API with API keys; vertex: Vertex AI with a service account (VERTEX_PROJECT, VERTEX_LOCATION).
  GEMINI_PROVIDER: z.enum(["gemini", "vertex"], { message: 'must be "gemini" or "vertex"' }).default("gemini"),
  VERTEX_PROJECT: z.string().trim().regex(/^[a-z0-9][a-z0-9.:-]*$/i, { message: "must be a Google Cloud project id such as my-project-123" }).optional(),
  VERTEX_LOCATION: z.string().trim().regex(/^[a-z]+(-[a-z0-9]+)*$/, { message: "must be a Google Cloud region such as us-central1, europe-west4 or global" }).default("us-central1"),
  // The service account's JSON key file (Vertex AI only).
  GOOGLE_APPLICATION_CREDENTIALS: z.string().trim().min(1).optional(),
  GEMINI_RPM: integer(1, 1_000_000, 1000),
  GEMINI_TPM: integer(1, 100_000_000, 1_000_000),
  GEMINI_RPD: integer(1, 100_000_000, 10_000),
  GEMINI_QUOTA_WINDOW_SECONDS: integer(1, 3600, 60),
  GEMINI_TIMEOUT_MS: integer(1000, 600_000, 60_000),
  RETRY_BASE_MS: integer(1, 600_000, 1000),
  RETRY_CAP_MS: integer(1, 3_600_000, 60_000),
  RETRY_MAX_ATTEMPTS: integer(1, 50, 5),
  IMAGE_MAX_SIDE: integer(64, 8192, 1536),
  IMAGE_FORMAT: z.enum(["jpeg", "webp"], { message: 'must be "jpeg" or "webp"' }).default("jpeg"),
  // Variants an enhance template makes per product when it names no number (1–4).
  ENHANCED_IMAGES_COUNT: integer(1, 4, 3),

  WORKER: onOff("on"),
  WORKER_CONCURRENCY: integer(1, 1000, 16),
  // How often a worker heart-beats, recovers crashed work and tops up running batches.
  WORKER_TICK_MS: integer(250, 3_600_000, 2000),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  INNGEST_DEV: z.string().optional(),
  INNGEST_BASE_URL: optionalUrl("the Inngest server"),

  AUTH_SECRET: z.string().min(32, { message: "must be at least 32 characters (openssl rand -base64 32)" }).optional(),
  RATE_LIMIT_PER_MINUTE: integer(1, 1_000_000, 1200),
  RATE_LIMIT_IP_PER_MINUTE: integer(1, 1_000_000, 6000),
  METRICS_TOKEN: z.string().min(16, { message: "must be at least 16 characters" }).optional(),
  FETCH_ALLOWLIST: z.string().default(""),
  // Webhooks: the first retry's delay (doubling, for at least a day), one POST's timeout, hosts/CIDRs allowed despite SSRF rules.
  WEBHOOK_RETRY_BASE_MS: integer(10, 3_600_000, 30_000),
  WEBHOOK_TIMEOUT_MS: integer(100, 120_000, 15_000),
  WEBHOOK_ALLOWLIST: z.string().default(""),
  // At most this many image fetches at once to one host (politeness; a slow host then holds few worker slots).
  FETCH_PER_HOST_CONCURRENCY: integer(1, 1000, 8),
  // A batch pauses itself when more than this share of its last 200 finished images failed (rate limits never count); 1: never.
  AUTO_PAUSE_FAILURE_RATE: z.coerce.number({ message: "must be a number between 0 and 1, such as 0.5" }).min(0, { message: "must be a number between 0 and 1, such as 0.5" }).max(1, { message: "must be a number between 0 and 1, such as 0.5" }).default(0.5),
  LOUPE_DEMO: onOff("off"),
});

export type Env = z.infer<typeof envSchema>;

export interface GeminiKeyConfig {
  key: string;
  project: string;
}

/** Vertex AI mode (GEMINI_PROVIDER=vertex): where calls go and with which service account. Holds no secret. */
export interface VertexConfig {
  project: string;
  location: string;
  /** Absolute path of the service account's JSON key file; its private key is read from it when a token is needed. */
  credentialsFile: string;
  clientEmail: string;
  /** The service account's entry in `geminiKeys` (its email and key id, not the key). */
  poolKey: string;
}

export type Config = Env & {
  dataDir: string;
  /** STORAGE_URL parsed: DATA_DIR on this machine, or a bucket and key prefix every machine shares. */
  storage: StorageSettings;
  /** The model catalogue: built-in models with GEMINI_PRICES applied. */
  models: ModelInfo[];
  /** The key pool's entries: API keys, or in Vertex mode the service account, its project `${VERTEX_PROJECT}/${VERTEX_LOCATION}`. */
  geminiKeys: GeminiKeyConfig[];
  vertex: VertexConfig | null;
  jobAdapter: "pg-boss" | "inngest";
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Loupe cannot start: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every variable and what it accepts.`);
    this.name = "ConfigError";
  }
}

/** GEMINI_API_KEYS="proj:key,key2" or GEMINI_API_KEY_1…N; a key without a prefix is its own project. */
export function parseGeminiKeys(env: Record<string, string | undefined>): GeminiKeyConfig[] {
  const entries: string[] = [];
  if (env.GEMINI_API_KEYS) entries.push(...env.GEMINI_API_KEYS.split(","));
  const numbered = Object.keys(env)
    .filter((name) => /^GEMINI_API_KEY_\d+$/.test(name))
    .sort((a, b) => Number(a.split("_").pop()) - Number(b.split("_").pop()));
  for (const name of numbered) entries.push(env[name] ?? "");
  const seen = new Set<string>();
  const keys: GeminiKeyConfig[] = [];
  entries.forEach((raw, index) => {
    const entry = raw.trim();
    if (!entry) return;
    const colon = entry.indexOf(":");
    const project = colon > 0 ? entry.slice(0, colon).trim() : `key-${index + 1}`;
    const key = colon > 0 ? entry.slice(colon + 1).trim() : entry;
    if (!key || seen.has(key)) return;
    seen.add(key);
    keys.push({ key, project });
  });
  return keys;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        const got = cleaned[name];
        return `${name} ${issue.message}${got === undefined ? "" : ` (got "${name.includes("KEY") || name.includes("SECRET") || name.includes("TOKEN") ? "…" : got}")`}`;
      }),
    );
  }
  const values = parsed.data;
  const vertex = values.GEMINI_PROVIDER === "vertex" ? vertexConfig(values) : null;
  return {
    ...values,
    dataDir: path.resolve(values.DATA_DIR),
    storage: storageSettings(values, env),
    models: modelCatalogue(values.GEMINI_PRICES),
    // Vertex quotas are per project and region: the pool's "project" is both. GEMINI_API_KEYS are not used with Vertex.
    geminiKeys: vertex ? [{ key: vertex.poolKey, project: `${vertex.project}/${vertex.location}` }] : parseGeminiKeys(cleaned),
    vertex,
    jobAdapter: values.INNGEST_EVENT_KEY || values.INNGEST_DEV ? "inngest" : "pg-boss",
  };
}

/** GEMINI_PROVIDER=vertex needs a project and a readable service-account key file; the file is checked here, at startup. */
function vertexConfig(values: Env): VertexConfig {
  const problems: string[] = [];
  if (!values.VERTEX_PROJECT) problems.push("VERTEX_PROJECT must be set when GEMINI_PROVIDER=vertex (the id of the Google Cloud project whose Vertex AI quota Loupe uses)");
  let account: ReturnType<typeof readServiceAccount> | null = null;
  const credentialsFile = values.GOOGLE_APPLICATION_CREDENTIALS ? path.resolve(values.GOOGLE_APPLICATION_CREDENTIALS) : "";
  if (!credentialsFile) {
    problems.push("GOOGLE_APPLICATION_CREDENTIALS must be set when GEMINI_PROVIDER=vertex (the path of the service account's JSON key file)");
  } else {
    try {
      account = readServiceAccount(credentialsFile);
    } catch (error) {
      if (!(error instanceof ServiceAccountFileError)) throw error;
      problems.push(`GOOGLE_APPLICATION_CREDENTIALS ${error.message}`);
    }
  }
  if (problems.length || !account || !values.VERTEX_PROJECT) throw new ConfigError(problems);
  return { project: values.VERTEX_PROJECT, location: values.VERTEX_LOCATION, credentialsFile, clientEmail: account.clientEmail, poolKey: serviceAccountPoolKey(account) };
}

/** s3://bucket/prefix → the bucket and a prefix ending in "/" ("" for the bucket's root). */
export function storageSettings(values: Pick<Env, "STORAGE_URL" | "S3_ENDPOINT" | "S3_REGION" | "S3_FORCE_PATH_STYLE">, env: Record<string, string | undefined> = {}): StorageSettings {
  if (values.STORAGE_URL === "local") return { kind: "local" };
  const [bucket, ...rest] = values.STORAGE_URL.slice("s3://".length).split("/");
  const prefix = rest.filter(Boolean).join("/");
  return {
    kind: "s3",
    bucket,
    prefix: prefix ? `${prefix}/` : "",
    endpoint: values.S3_ENDPOINT,
    region: values.S3_REGION ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
    forcePathStyle: values.S3_FORCE_PATH_STYLE,
  };
}

let cached: Config | undefined;

/** The process-wide configuration, validated on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
