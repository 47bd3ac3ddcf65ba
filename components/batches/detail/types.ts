export interface BatchProgressView {
  id: string;
  name: string;
  kind: string;
  status: string;
  parentBatchId: string | null;
  sequence: number | null;
  totalParts: number | null;
  model: string | null;
  counts: { total: number; queued: number; processing: number; succeeded: number; failed: number; cancelled: number; cached: number };
  percentDone: number;
  imagesPerMinute: number;
  etaSeconds: number | null;
  tokens: { input: number; output: number };
  costUsd: number;
  throughput: { minute: string; succeeded: number; failed: number }[];
  parts?: BatchProgressView[];
}

export interface ImageRowView {
  id: string;
  batchId: string;
  name: string | null;
  sourceUrl: string | null;
  status: string;
  reviewStatus: string;
  attempts: number;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  durationMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cached: boolean;
  hasFile: boolean;
}

export const ACTIVE_STATUSES = new Set(["queued", "running"]);
