import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { Config } from "../../config";
import type { PrismaClient } from "../../db/generated/client";
import type { PoolKey } from "../../gemini/key-pool";
import { logger } from "../../log/logger";
import type { LoupeStorage } from "../../storage";
import { createBatchKeys } from "./batch-keys";
import type { EngineContext } from "./context";
import { advanceGeminiBatches } from "./run-engine";

export interface GeminiBatchEngine {
  context: EngineContext;
  /** One pass now (tests drive the engine with it). */
  advance(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The Batch API engine of this process: a loop of its own (a step can take a while — writing or applying twenty thousand
 * lines — and must not hold up the worker's heartbeat), every GEMINI_BATCH_POLL_SECONDS at most and at least every 2 s.
 */
export function startGeminiBatchEngine(input: { db: PrismaClient; config: Config; storage: LoupeStorage; adminKeys: () => Promise<PoolKey[]>; maxRuns: number; loop?: boolean; overrides?: Partial<EngineContext> }): GeminiBatchEngine {
  const context: EngineContext = {
    db: input.db,
    config: input.config,
    storage: input.storage,
    keys: createBatchKeys(input.config, input.adminKeys),
    owner: `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`,
    workDir: path.join(input.config.dataDir, "gemini-batch"),
    leaseSeconds: 120,
    maxRuns: input.maxRuns,
    now: Date.now,
    ...input.overrides,
  };
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const everyMs = Math.min(2000, Math.max(50, input.config.GEMINI_BATCH_POLL_SECONDS * 1000));
  const loop = () => {
    if (stopped) return;
    running = advanceGeminiBatches(context)
      .catch((error) => logger().error({ err: (error as Error).message }, "gemini batch engine pass failed"))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, everyMs);
      });
  };
  if (input.loop !== false) timer = setTimeout(loop, everyMs);
  return {
    context,
    advance: () => advanceGeminiBatches(context),
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
