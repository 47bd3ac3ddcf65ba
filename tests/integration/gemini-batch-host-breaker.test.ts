import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCreatedBatches } from "../../lib/batches/start-created-batches";
import { getBatchProgress } from "../../lib/batches/get-batch-progress";
import { HOST_BREAKER_FAILURES } from "../../lib/hosts/host-breaker";
import { createBatchesFromRequest } from "../../lib/ingest/create-batches-from-request";
import { expectCountersMatchRows } from "../helpers/batch-checks";
import { startBatchModeRig, type BatchModeRig } from "../helpers/batch-mode-setup";
import { noiseImage } from "../helpers/fault-setup";
import { startFaultImageHost, type FaultImageHost } from "../helpers/fault-image-host";
import { refusingPort } from "../helpers/refusing-port";

// The Batch API engine's `preparing` step fetches URL images too: it goes through the host breaker as interactive calls
// do, so a dead host costs 20 fetches, not one timeout per image per job, and its images wait without using runs.
describe("Batch API mode and the host breaker", () => {
  let rig: BatchModeRig;
  let host: FaultImageHost;
  beforeAll(async () => {
    rig = await startBatchModeRig({}, { FETCH_ALLOWLIST: "127.0.0.1,localhost", FETCH_TIMEOUT_MS: "1000" });
    host = await startFaultImageHost(await noiseImage(64));
  });
  afterAll(async () => {
    await host?.close();
    await rig?.close();
  });

  it("a refusing host opens its breaker while requests are written; its images wait (no run used), the other host's are sent and applied", async () => {
    const port = await refusingPort();
    const refused = Array.from({ length: 60 }, (_, i) => `http://localhost:${port}/photo-${i}.png`);
    const fine = Array.from({ length: 6 }, (_, i) => `${host.url}/ok/fine-${i}.png`);
    const created = await createBatchesFromRequest(rig.db, rig.config, { urls: [...refused.slice(0, 30), ...fine, ...refused.slice(30)], templateId: rig.template.id, mode: "batch" });
    await startCreatedBatches(rig.worker.jobs, created);
    const batchId = created.batches[0].id;

    const engine = rig.engine();
    await rig.drive(engine, async () => {
      const breaker = await rig.db.hostBreaker.findUnique({ where: { host: "localhost" } });
      const applied = await rig.db.image.count({ where: { batchId, status: "succeeded" } });
      return breaker?.state === "open" && applied === fine.length;
    }, 40_000);
    const fetchFailures = async () => rig.db.imageAttempt.count({ where: { image: { batchId }, errorCode: "image_unreachable" } });
    const failuresThen = await fetchFailures();
    expect(failuresThen).toBeGreaterThanOrEqual(HOST_BREAKER_FAILURES);
    expect(failuresThen).toBeLessThan(HOST_BREAKER_FAILURES + 8); // at most the fetches already running when it opened
    for (let pass = 0; pass < 5; pass++) await engine.advance();
    expect(await fetchFailures()).toBe(failuresThen); // no more connections to the dead host

    // Waiting, not failed: every refused image is queued again, its run given back, not due before the cool-down ends.
    const waiting = await rig.db.image.findMany({ where: { batchId, sourceUrl: { startsWith: `http://localhost:${port}/` } }, select: { status: true, attempts: true, nextAttemptAt: true } });
    expect(waiting.filter((image) => image.status === "failed")).toEqual([]);
    expect(waiting.every((image) => image.status === "queued")).toBe(true);
    const blockedUntil = (await rig.db.hostBreaker.findUnique({ where: { host: "localhost" } }))!.blockedUntil!.getTime();
    const held = waiting.filter((image) => image.nextAttemptAt !== null);
    expect(held.length).toBeGreaterThanOrEqual(refused.length - failuresThen);
    expect(held.every((image) => image.nextAttemptAt!.getTime() >= blockedUntil - 1000)).toBe(true);
    expect(Math.max(...waiting.map((image) => image.attempts))).toBeLessThanOrEqual(1);
    const progress = await getBatchProgress(rig.db, batchId);
    expect(progress.counts).toMatchObject({ succeeded: fine.length, failed: 0, queued: refused.length, processing: 0 });
    await expectCountersMatchRows(rig.db, batchId);
  });
});
