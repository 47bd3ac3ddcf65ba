import { Inngest } from "inngest";
import { jobDefinitions, type EnqueueOptions, type JobEngine, type JobName, type JobPayload } from "./definitions";

/** Event names on Inngest for each job: `batch.start` → `loupe/batch.start`. */
export const inngestEventName = (name: JobName) => `loupe/${name}` as const;

/** Sent when a batch is cancelled: image runs of that batch still waiting are cancelled by Inngest (cancelOn). */
export const BATCH_CANCEL_EVENT = "loupe/batch.cancel";

// The Inngest client is shared by the adapter (send) and the functions in inngest/ (serve).
export const inngest = new Inngest({ id: "loupe" });

const SEND_TIMEOUT_MS = 10_000;

/**
 * Job priority on Inngest: the event carries it (0–10, as pg-boss takes it) and image-analyze's `priority.run` turns it
 * into Inngest's factor, seconds ahead of runs queued without one (at most 600).
 */
export const INNGEST_PRIORITY_RUN = "has(event.data.priority) ? int(event.data.priority) * 60 : 0";
const EVENTS_PER_SEND = 500;

// inngest.send hangs when something accepts the connection but never answers: bound every send.
async function sendWithTimeout(events: { name: string; data: object; ts?: number }[]) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Inngest did not accept the events within ${SEND_TIMEOUT_MS / 1000}s`)), SEND_TIMEOUT_MS);
  });
  try {
    await Promise.race([inngest.send(events), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createInngestEngine(): JobEngine {
  return {
    adapter: "inngest",
    async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions) {
      const data = jobDefinitions[name].payload.parse(payload) as object;
      await sendWithTimeout([{ name: inngestEventName(name), data, ts: options?.startAfter?.getTime() }]);
    },
    async enqueueMany<N extends JobName>(name: N, payloads: JobPayload<N>[], options?: { priority?: number }) {
      const priority = options?.priority ? { priority: Math.max(0, Math.min(10, Math.round(options.priority))) } : {};
      for (let start = 0; start < payloads.length; start += EVENTS_PER_SEND) {
        await sendWithTimeout(payloads.slice(start, start + EVENTS_PER_SEND).map((data) => ({ name: inngestEventName(name), data: { ...(data as object), ...priority } })));
      }
    },
    async status() {
      // Queue depth lives in the Inngest server; the images table still says what is queued and processing.
      return { adapter: "inngest" as const, queues: [] };
    },
    async notifyCancelled(batchId: string) {
      await sendWithTimeout([{ name: BATCH_CANCEL_EVENT, data: { batchId } }]);
    },
    async stop() {},
  };
}
