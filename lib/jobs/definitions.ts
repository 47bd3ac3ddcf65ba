import { z } from "zod";

/**
 * Every job Loupe runs, in one table both adapters read: name, payload schema, retry policy.
 * Jobs are only delivery: the images table holds each image's true state, so a job delivered twice does no harm.
 */
export const jobDefinitions = {
  "batch.start": {
    payload: z.object({ batchId: z.uuid() }),
    retry: { limit: 5, delaySeconds: 2, backoff: true },
  },
  "image.analyze": {
    payload: z.object({ imageId: z.string().regex(/^\d+$/), batchId: z.uuid() }),
    // Analysis retries are decided by processImage from the error's class (and recorded on the image); the engine's
    // own retries only cover a crash inside the job itself.
    retry: { limit: 3, delaySeconds: 5, backoff: true },
  },
  "batch.finalize": {
    payload: z.object({ batchId: z.uuid() }),
    retry: { limit: 5, delaySeconds: 2, backoff: true },
  },
  // A long operation (lib/tasks): the task's row holds its progress, so a retry continues where the last run stopped.
  "task.run": {
    payload: z.object({ taskId: z.uuid() }),
    retry: { limit: 10, delaySeconds: 5, backoff: true },
  },
  "webhook.deliver": {
    payload: z.object({ deliveryId: z.string().regex(/^msg_\w+$/) }),
    // Webhook retries are the delivery's own (WEBHOOK_RETRY_BASE_MS, recorded on it); these only cover a crash in the job.
    retry: { limit: 3, delaySeconds: 5, backoff: true },
  },
} as const;

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]["payload"]>;
export const jobNames = Object.keys(jobDefinitions) as JobName[];

export interface EnqueueOptions {
  /** Run no earlier than this (delayed retry). */
  startAfter?: Date;
}

export interface JobEngineStatus {
  adapter: "pg-boss" | "inngest";
  queues: { name: string; queued: number; active: number; deferred: number; failed: number }[];
}

/** The port: what the rest of Loupe knows of the job engine. */
export interface JobEngine {
  readonly adapter: "pg-boss" | "inngest";
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions): Promise<void>;
  /** `priority` (0–10, higher first) orders these jobs before older ones where the engine can (pg-boss job priority; Inngest: the function's priority.run, 60 s ahead per step). */
  enqueueMany<N extends JobName>(name: N, payloads: JobPayload<N>[], options?: { priority?: number }): Promise<void>;
  status(): Promise<JobEngineStatus>;
  /** Tells the engine a batch was cancelled, so it can drop that batch's waiting jobs. */
  notifyCancelled(batchId: string): Promise<void>;
  stop(): Promise<void>;
}

export type JobHandlers = { [N in JobName]: (payload: JobPayload<N>) => Promise<void> };
