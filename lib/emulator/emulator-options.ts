import type { BatchOptions } from "./batch-faults";
import type { BatchStats } from "./batch-jobs";
import type { FilesOptions, FilesStats } from "./files-store";
import type { ProjectQuota, ProjectStats } from "./quota-ledger";

export type { BatchOptions, BatchStats, FilesOptions, FilesStats };

/** What startGeminiEmulator takes; every field but projects and keys is optional, and configure() patches any of them. */
export interface EmulatorOptions {
  host?: string;
  port?: number;
  /** Quota per Gemini project id, and per Vertex `${project}/${location}`. */
  projects: Record<string, ProjectQuota>;
  /** API key → Gemini project id. */
  keys: Record<string, string>;
  invalidKeys?: string[];
  /** Keys whose daily quota is used up: they answer 429 with a per-day QuotaFailure. */
  exhaustedKeys?: string[];
  latencyMs?: number | { min: number; max: number };
  errorRates?: { overloaded503?: number; server500?: number };
  windowMs?: number;
  dayMs?: number;
  storm?: EmulatorStorm | null;
  /** A behaviour (fault or odd answer, as for x-emulate) every call of a key, or of a project, gets. A key's wins. */
  faults?: EmulatorFaults;
  /** Model ids the emulator knows besides Loupe's catalogue and gemini-2.5-flash-image; any other model answers 404. */
  models?: string[];
  vertex?: VertexOptions;
  /** The Batch API: timing, limits and faults (batch-faults.ts). */
  batch?: BatchOptions;
  /** The Files API's limits (files-store.ts). */
  files?: FilesOptions;
}

export interface EmulatorFaults {
  keys?: Record<string, string>;
  projects?: Record<string, string>;
}

export interface VertexOptions {
  /** Service account client_email → its public key (PEM): JWTs are then verified; without it any well-formed JWT passes. */
  serviceAccounts?: Record<string, string>;
  /** Lifetime of an issued access token (Google's is 3600 s); short values let tests see a token expire. */
  tokenLifetimeSeconds?: number;
}

/** Until `until` (epoch ms) every generateContent call fails with `status`; a 429 carries RetryInfo of `retryDelayMs`. */
export interface EmulatorStorm {
  until: number;
  status?: 429 | 503 | 500;
  retryDelayMs?: number;
}

/** Per caller: an API key, or a Vertex service account's client_email. */
export interface CallerStats {
  accepted: number;
  rejected: number;
  probes: number;
}

export interface EmulatorStats {
  /** generateContent and countTokens calls, on both the Gemini and the Vertex routes. */
  requests: number;
  /** models.get / models.list calls. */
  probes: number;
  /** Generated images answered by image models. */
  images: number;
  projects: Record<string, ProjectStats>;
  keys: Record<string, CallerStats>;
  /** The Files API: files kept and their bytes, uploads, downloads, deletes. */
  files: FilesStats;
  /** The Batch API: jobs, lines answered, and per project the tokens billed by batch answers (not in `projects`). */
  batch: BatchStats;
}

export interface GeminiEmulator {
  url: string;
  port: number;
  /** Where the Files API keeps its bytes (a temp directory removed on close). */
  filesDir: string;
  stats(): EmulatorStats;
  reset(): void;
  configure(patch: Partial<EmulatorOptions>): void;
  close(): Promise<void>;
}
