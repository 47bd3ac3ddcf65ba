import { config } from "../lib/config";
import { getDb } from "../lib/db/client";
import { BATCH_CANCEL_EVENT, INNGEST_PRIORITY_RUN, inngest, inngestEventName } from "../lib/jobs/inngest";
import { markBatchRunning } from "../lib/batches/start-batch";
import { claimDispatchWindow } from "../lib/orchestration/dispatch-batch";
import { engineFailureReason, failAfterEngineRetries } from "../lib/orchestration/fail-after-retries";
import { finalizeBatch } from "../lib/orchestration/finalize-batch";
import { getProcessWorker } from "../lib/worker/process-worker-holder";
import { workerSettings } from "../lib/worker/worker-settings";

const FAN_OUT_CHUNK = 500;

/**
 * batch.start: start the batch, claim its first window of images, and fan out one event per image in steps of ≤ 500
 * events. (The rest of the batch is handed out as images finish: a million-image batch never sends a million events at once.)
 */
export const batchStartFunction = inngest.createFunction(
  { id: "batch-start", retries: 5, triggers: [{ event: inngestEventName("batch.start") }] },
  async ({ event, step }) => {
    const batchId = event.data.batchId as string;
    const window = workerSettings(config()).dispatchWindow;
    const ids = await step.run("start-and-claim-window", async () => {
      const db = getDb();
      const batch = await db.batch.findUnique({ where: { id: batchId }, select: { kind: true } });
      if (batch?.kind === "parent") {
        // Parts are started as their own runs, so each keeps its own window.
        const parts = await db.batch.findMany({ where: { parentBatchId: batchId }, select: { id: true } });
        return { parts: parts.map((part) => part.id), images: [] as string[] };
      }
      const part = await db.batch.findUnique({ where: { id: batchId }, select: { parentBatchId: true } });
      await markBatchRunning(db, batchId, part?.parentBatchId ?? null);
      const images = (await claimDispatchWindow(db, batchId, window)).map(String);
      await finalizeBatch(db, batchId); // an empty batch finishes at once
      return { parts: [] as string[], images };
    });
    if (ids.parts.length) await step.sendEvent("start-parts", ids.parts.map((id) => ({ name: inngestEventName("batch.start"), data: { batchId: id } })));
    for (let start = 0; start < ids.images.length; start += FAN_OUT_CHUNK) {
      await step.sendEvent(
        `fan-out-${start / FAN_OUT_CHUNK}`,
        // Nothing of the batch is in flight yet: its first window goes ahead of older runs, as dispatch does it (priority 1).
        ids.images.slice(start, start + FAN_OUT_CHUNK).map((imageId) => ({ name: inngestEventName("image.analyze"), data: { imageId, batchId, priority: 1 } })),
      );
    }
    return { images: ids.images.length, parts: ids.parts.length };
  },
);

/** image.analyze: the core does the work (idempotently); Inngest adds concurrency, retries and cancellation. */
export const imageAnalyzeFunction = inngest.createFunction(
  {
    id: "image-analyze",
    retries: 3,
    concurrency: { limit: config().WORKER_CONCURRENCY },
    priority: { run: INNGEST_PRIORITY_RUN },
    cancelOn: [{ event: BATCH_CANCEL_EVENT, match: "data.batchId" }],
    triggers: [{ event: inngestEventName("image.analyze") }],
    onFailure: async ({ event, error }) => {
      const original = event.data.event.data as { imageId: string };
      await failAfterEngineRetries(getDb(), BigInt(original.imageId), engineFailureReason(error));
    },
  },
  async ({ event, step }) => {
    await step.run("process-image", async () => {
      const worker = await getProcessWorker();
      const { imageId, batchId } = event.data as { imageId: string; batchId: string };
      await worker.handlers["image.analyze"]({ imageId, batchId });
    });
  },
);

export const batchFinalizeFunction = inngest.createFunction(
  { id: "batch-finalize", retries: 5, triggers: [{ event: inngestEventName("batch.finalize") }] },
  async ({ event, step }) => step.run("finalize", () => finalizeBatch(getDb(), event.data.batchId as string)),
);

/** task.run: a long operation advanced in chunks by the core (lib/tasks); a run that yields sends the next itself. */
export const taskRunFunction = inngest.createFunction(
  { id: "task-run", retries: 10, triggers: [{ event: inngestEventName("task.run") }] },
  async ({ event, step }) =>
    step.run("run-task", async () => {
      const worker = await getProcessWorker();
      await worker.handlers["task.run"](event.data as { taskId: string });
    }),
);

/** webhook.deliver: one attempt of a delivery (its retries are scheduled by the core, as delayed events). */
export const webhookDeliverFunction = inngest.createFunction(
  { id: "webhook-deliver", retries: 3, triggers: [{ event: inngestEventName("webhook.deliver") }] },
  async ({ event, step }) =>
    step.run("deliver", async () => {
      const worker = await getProcessWorker();
      await worker.handlers["webhook.deliver"](event.data as { deliveryId: string });
    }),
);

export const functions = [batchStartFunction, imageAnalyzeFunction, batchFinalizeFunction, taskRunFunction, webhookDeliverFunction];
