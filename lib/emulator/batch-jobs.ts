import type { BatchFaults } from "./batch-faults";
import { googleTime } from "./files-resource";
import type { BilledUsage } from "./quota-ledger";

export type BatchState = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED" | "EXPIRED";
export const TERMINAL_STATES = new Set<BatchState>(["SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED"]);

const BATCH_TYPE = "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch";
const OUTPUT_TYPE = "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput";

/** One inline request of a create body, already checked and in camelCase; `metadata` is echoed back as given. */
export interface InlineEntry {
  request: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** One result: a response, an error (google.rpc code), or nothing at all (the `null-lines` fault). */
export type LineResult = { key?: string; metadata?: Record<string, unknown>; response?: object; error?: { code: number; message: string }; empty?: boolean };

export interface BatchJob {
  id: string;
  seq: number;
  project: string;
  /** The API key that created it: its configured faults apply to the job's lines. */
  caller: string;
  model: string;
  displayName?: string;
  createdAt: number;
  updatedAt: number;
  endedAt?: number;
  state: BatchState;
  input: { kind: "file"; fileName: string; path: string } | { kind: "inline"; entries: InlineEntry[] };
  requestCount: number;
  succeeded: number;
  failed: number;
  /** The prompt tokens its lines will use, estimated at create: what counts against the enqueued-token cap. */
  enqueuedTokens: number;
  faults: BatchFaults;
  error?: { code: number; message: string };
  output?: { responsesFile: string } | { inlined: (object | null)[] };
  /** Aborted to stop the job's runner (cancel, delete, reset, close); stopReason says which. */
  control: AbortController;
  stopReason?: "cancel" | "delete" | "close";
  /** Resolves when the runner has finished with the job. */
  settled: Promise<void>;
}

export const isActive = (job: BatchJob) => !TERMINAL_STATES.has(job.state);

/** batchStats as Google sends it: int64 counts as strings, and zero counts left out (so pendingRequestCount goes at the end). */
function batchStats(job: BatchJob) {
  const pending = isActive(job) ? job.requestCount - job.succeeded - job.failed : 0;
  const counts: [string, number][] = [
    ["requestCount", job.requestCount],
    ["successfulRequestCount", job.succeeded],
    ["failedRequestCount", job.failed],
    ["pendingRequestCount", pending],
  ];
  return Object.fromEntries(counts.filter(([, count]) => count > 0).map(([name, count]) => [name, String(count)]));
}

function outputOf(job: BatchJob) {
  if (!job.output || isActive(job)) return null;
  if ("responsesFile" in job.output) return { responsesFile: job.output.responsesFile };
  return { inlinedResponses: { inlinedResponses: job.output.inlined } };
}

/**
 * The job as the Operation Google answers (GEMINI-API.md §3.3): no `done` until it ends; then `done: true`, `endTime`,
 * and the results both under `metadata.output` and as `response`, or the Operation `error` of a failed job.
 */
export function operationOf(job: BatchJob) {
  const name = `batches/${job.id}`;
  const output = outputOf(job);
  const metadata = {
    "@type": BATCH_TYPE,
    model: `models/${job.model}`,
    ...(job.displayName !== undefined ? { displayName: job.displayName } : {}),
    ...(job.input.kind === "file" ? { inputConfig: { fileName: job.input.fileName } } : {}),
    ...(output ? { output } : {}),
    createTime: googleTime(job.createdAt),
    ...(job.endedAt ? { endTime: googleTime(job.endedAt) } : {}),
    updateTime: googleTime(job.updatedAt),
    batchStats: batchStats(job),
    state: `${job.faults.jobStateNames ? "JOB" : "BATCH"}_STATE_${job.state}`,
    name,
  };
  const result = job.error ? { error: job.error } : output ? { response: { "@type": OUTPUT_TYPE, ...output } } : {};
  return { name, metadata, ...(isActive(job) ? {} : { done: true }), ...result };
}

export interface BatchProjectStats extends BilledUsage {
  jobs: number;
  /** Lines answered, and of them those answered with an error. */
  requests: number;
  failed: number;
  /** Tokens estimated for the project's PENDING and RUNNING jobs now. */
  enqueuedTokens: number;
}

export interface BatchStats {
  jobsCreated: number;
  /** Creates refused, by reason (429-on-create, enqueued-tokens, active-jobs, invalid, model-not-found, file-not-found, too-large). */
  createRefused: Record<string, number>;
  /** Jobs kept now, by state. */
  states: Record<string, number>;
  requestsAnswered: number;
  requestsFailed: number;
  projects: Record<string, BatchProjectStats>;
}

/** Every job the emulator knows, and what the faults that count per display name have done so far. */
export class BatchJobs {
  readonly jobs = new Map<string, BatchJob>();
  /** `${fault}:${displayName}` → how often create was refused or left unanswered. */
  readonly createFaultsSeen = new Map<string, number>();
  private seq = 0;
  private counters = { jobsCreated: 0, requestsAnswered: 0, requestsFailed: 0 };
  private refused: Record<string, number> = {};
  private projects = new Map<string, BatchProjectStats>();

  nextSeq() {
    return ++this.seq;
  }

  project(project: string): BatchProjectStats {
    if (!this.projects.has(project)) this.projects.set(project, { jobs: 0, requests: 0, failed: 0, promptTokens: 0, candidatesTokens: 0, thoughtsTokens: 0, cachedTokens: 0, enqueuedTokens: 0 });
    return this.projects.get(project)!;
  }

  add(job: BatchJob) {
    this.jobs.set(job.id, job);
    this.counters.jobsCreated += 1;
    this.project(job.project).jobs += 1;
  }

  refuse(reason: string) {
    this.refused[reason] = (this.refused[reason] ?? 0) + 1;
  }

  /** A line answered: its tokens go to the project's batch usage, kept apart from interactive usage (batch is half price). */
  answered(job: BatchJob, failed: boolean, usage?: BilledUsage) {
    const stats = this.project(job.project);
    stats.requests += 1;
    this.counters.requestsAnswered += 1;
    if (failed) {
      stats.failed += 1;
      this.counters.requestsFailed += 1;
    }
    if (usage) {
      stats.promptTokens += usage.promptTokens;
      stats.candidatesTokens += usage.candidatesTokens;
      stats.thoughtsTokens += usage.thoughtsTokens;
      stats.cachedTokens += usage.cachedTokens;
    }
  }

  /** Tokens enqueued now for a project and model: the jobs still PENDING or RUNNING. */
  enqueued(project: string, model?: string) {
    return [...this.jobs.values()].filter((job) => job.project === project && (model === undefined || job.model === model) && isActive(job)).reduce((sum, job) => sum + job.enqueuedTokens, 0);
  }

  stats(): BatchStats {
    const states: Record<string, number> = {};
    for (const job of this.jobs.values()) states[job.state] = (states[job.state] ?? 0) + 1;
    const projects = Object.fromEntries([...this.projects].map(([project, stats]) => [project, { ...stats, enqueuedTokens: this.enqueued(project) }]));
    return { ...this.counters, createRefused: { ...this.refused }, states, projects };
  }

  /** Forgets the jobs (their runners are stopped by the caller) and the counters. */
  reset() {
    this.jobs.clear();
    this.createFaultsSeen.clear();
    this.counters = { jobsCreated: 0, requestsAnswered: 0, requestsFailed: 0 };
    this.refused = {};
    this.projects.clear();
  }
}
