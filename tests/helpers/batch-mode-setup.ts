import { Readable } from "node:stream";
import { startCreatedBatches } from "../../lib/batches/start-created-batches";
import type { EmulatorOptions } from "../../lib/emulator/start-gemini-emulator";
import type { CrashPoint, EngineContext } from "../../lib/execution/gemini-batch/context";
import { SimulatedCrash } from "../../lib/execution/gemini-batch/context";
import { startGeminiBatchEngine, type GeminiBatchEngine } from "../../lib/execution/gemini-batch/start-engine";
import { createBatchesFromRequest } from "../../lib/ingest/create-batches-from-request";
import { uploadsStorage } from "../../lib/storage";
import { createTemplate } from "../../lib/templates/manage-templates";
import { startAnalysisRig } from "./analysis-rig";
import { FIELDS, noiseImage, SETTINGS } from "./fault-setup";

/** Batch-mode tests: a real database, the emulator's Batch and Files APIs, a real worker (for interactive fall-backs). */
export const BATCH_KEYS = { b1: "AIzaBatchModeKey1000000000000000000", b2: "AIzaBatchModeKey2000000000000000000" };

export async function startBatchModeRig(emulatorExtra: Partial<EmulatorOptions> = {}, env: Record<string, string> = {}) {
  const rig = await startAnalysisRig({ keys: { [BATCH_KEYS.b1]: "bp", [BATCH_KEYS.b2]: "bp" }, emulator: emulatorExtra, env: { GEMINI_BATCH_POLL_SECONDS: "0.1", ...env }, prefix: "loupe-batch-mode-" });
  const { db, config, dataDir, worker } = rig;
  const template = await createTemplate(db, { name: "batch-mode", instructions: "Caption the image.", fields: FIELDS });
  const engines: GeminiBatchEngine[] = [];

  /** An engine as one process runs it; crashAt makes it stop at that point once, as kill -9 would. */
  function engine(options: { crashAt?: CrashPoint; leaseSeconds?: number; now?: () => number } = {}) {
    let crashed = false;
    const overrides: Partial<EngineContext> = { leaseSeconds: options.leaseSeconds ?? 60, now: options.now ?? Date.now };
    if (options.crashAt) {
      overrides.crashAt = (point) => {
        if (point === options.crashAt && !crashed) {
          crashed = true;
          throw new SimulatedCrash(point);
        }
      };
    }
    const started = startGeminiBatchEngine({ db, config, storage: uploadsStorage(dataDir), adminKeys: async () => [], maxRuns: SETTINGS.maxRuns, loop: false, overrides });
    engines.push(started);
    return started;
  }

  async function startBatch(count: number, options: { mode?: "batch" | "auto" | "interactive"; duplicateOf?: number } = {}) {
    const storage = uploadsStorage(dataDir);
    const images = await Promise.all(Array.from({ length: count }, async (_, i) => ({ ...(await storage.put(Readable.from([await noiseImage(64)]))), name: `img-${i}.png` })));
    const created = await createBatchesFromRequest(db, config, { images: images.map(({ sha256, name }) => ({ sha256, name })), templateId: template.id, mode: options.mode ?? "batch" });
    await startCreatedBatches(worker.jobs, created);
    return created.batches[0].id;
  }

  /** Runs passes of the engine until `done` holds (a crash propagates). */
  async function drive(batchEngine: GeminiBatchEngine, done: () => Promise<boolean>, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error("the batch engine did not get there in time");
      await batchEngine.advance();
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  return {
    ...rig, template, engine, startBatch, drive,
    async close() {
      for (const started of engines) await started.stop();
      await rig.close();
    },
  };
}

export type BatchModeRig = Awaited<ReturnType<typeof startBatchModeRig>>;
