import type { Config } from "../../config";
import type { PrismaClient } from "../../db/generated/client";
import type { LoupeStorage } from "../../storage";
import type { BatchKeys } from "./batch-keys";
import type { JobPhase } from "./remote-jobs";

/** Where a test stops the engine as kill -9 would: after the named point, nothing more of that step happens. */
export type CrashPoint =
  | "written"
  | "uploaded"
  | "before-create"
  | "created"
  | "polled"
  | "downloaded"
  | "applied-some"
  | "applied-all"
  | "cancelled-remote";

export interface EngineContext {
  db: PrismaClient;
  config: Config;
  storage: LoupeStorage;
  keys: BatchKeys;
  /** This process's lease owner id. */
  owner: string;
  /** Local files of jobs (requests written, responses downloaded): DATA_DIR/gemini-batch. */
  workDir: string;
  leaseSeconds: number;
  /** Runs an image gets (as for interactive calls) before a retryable failure becomes final. */
  maxRuns: number;
  now: () => number;
  /** Test hook: throws at the named point, leaving everything as a killed process would. */
  crashAt?: (point: CrashPoint, phase: JobPhase) => void;
}

export class SimulatedCrash extends Error {
  constructor(readonly point: CrashPoint) {
    super(`simulated crash at ${point}`);
    this.name = "SimulatedCrash";
  }
}

export const jobFile = (context: EngineContext, jobId: bigint, kind: "requests" | "responses") => `${context.workDir}/job-${jobId}.${kind}.jsonl`;
