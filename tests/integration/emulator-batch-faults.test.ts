import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGeminiEmulator, type GeminiEmulator } from "../../lib/emulator/start-gemini-emulator";
import { jsonl, restFor, textLine } from "./emulator-batch-helpers";

// The ways real batch jobs go wrong (GEMINI-API.md §3.6), chosen per job by display name, for every job, or by the caller's faults.
const KEY = "AIzaFaultsKey0001";
const FAILING_KEY = "AIzaFaultsKey0002";
const QUOTA = { rpm: 1000, tpm: 100_000_000, rpd: 1_000_000 };
const TIMING = { pendingMs: 50, runningMs: 100 };
const inline = (count: number) => ({ requests: { requests: Array.from({ length: count }, (_, index) => ({ request: { contents: [{ parts: [{ text: `line ${index}` }] }] }, metadata: { key: `k${index}` } })) } });
const lines = (count: number) => jsonl(Array.from({ length: count }, (_, index) => textLine(`k${index}`, `line ${index}`)));

describe("emulator Batch API: faults", () => {
  let emulator: GeminiEmulator;
  const rest = () => restFor(emulator, KEY);
  const create = async (displayName: string, inputConfig: object, key = KEY) => (await restFor(emulator, key).create("gemini-2.5-flash", { displayName, inputConfig })).body.name;

  beforeAll(async () => {
    emulator = await startGeminiEmulator({ projects: { faults: QUOTA }, keys: { [KEY]: "faults", [FAILING_KEY]: "faults" }, faults: { keys: { [FAILING_KEY]: "500" } }, batch: TIMING });
  });
  afterAll(async () => emulator?.close());
  beforeEach(() => {
    emulator.reset();
    emulator.configure({ batch: TIMING });
  });

  it("slow-pending stays PENDING for slowPendingMs, then runs; stuck-pending never leaves PENDING (cancel still works)", async () => {
    emulator.configure({ batch: { ...TIMING, slowPendingMs: 700, jobFaults: { slow: "slow-pending", stuck: "stuck-pending" } } });
    const slow = await create("slow-1", inline(2));
    const stuck = await create("stuck-1", inline(2));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await rest().get(slow)).body.metadata.state).toBe("BATCH_STATE_PENDING");
    const done = await rest().waitFor(slow);
    expect(done.metadata.state).toBe("BATCH_STATE_SUCCEEDED");
    expect(Date.parse(done.metadata.endTime!) - Date.parse(done.metadata.createTime)).toBeGreaterThanOrEqual(700);
    expect((await rest().get(stuck)).body.metadata.state).toBe("BATCH_STATE_PENDING");
    await rest().call("POST", `v1beta/${stuck}:cancel`, {});
    expect((await rest().get(stuck)).body.metadata.state).toBe("BATCH_STATE_CANCELLED");
  });

  it("expire: EXPIRED after expireMs with no results; fail: FAILED with an Operation error", async () => {
    emulator.configure({ batch: { ...TIMING, jobFaults: { "old-": "expire-300", "broken-": "fail" } } });
    const expired = await rest().waitFor(await create("old-1", { fileName: await rest().upload(lines(3)) }));
    expect(expired.metadata.state).toBe("BATCH_STATE_EXPIRED");
    expect(expired.done).toBe(true);
    expect(expired.metadata.output).toBeUndefined();
    expect(expired.response).toBeUndefined();
    expect(expired.metadata.batchStats).toEqual({ requestCount: "3" });
    const failed = await rest().waitFor(await create("broken-1", inline(3)));
    expect(failed.metadata.state).toBe("BATCH_STATE_FAILED");
    expect(failed.done).toBe(true);
    expect(failed.error).toMatchObject({ code: 13 });
    expect(failed.response).toBeUndefined();
  });

  it("line-errors: every Nth line is an {code, message} error inside a SUCCEEDED job, counted in failedRequestCount; a fraction picks lines by key", async () => {
    emulator.configure({ batch: { ...TIMING, jobFaults: { "every-3": "line-errors-3", "tenth-": "line-errors-0.5" } } });
    const job = await rest().waitFor(await create("every-3", { fileName: await rest().upload(lines(9)) }));
    expect(job.metadata.state).toBe("BATCH_STATE_SUCCEEDED");
    expect(job.metadata.batchStats).toEqual({ requestCount: "9", successfulRequestCount: "6", failedRequestCount: "3" });
    const output = await rest().download(job.response!.responsesFile!);
    expect(output.filter((line) => line.error).map((line) => line.key)).toEqual(["k2", "k5", "k8"]);
    expect(output[2].error).toEqual({ code: 1, message: "The operation was cancelled." });
    expect(output[5].error!.code).toBe(13);

    const byFraction = await rest().waitFor(await create("tenth-1", inline(40)));
    const failed = Number(byFraction.metadata.batchStats.failedRequestCount);
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
    const again = await rest().waitFor(await create("tenth-2", inline(40)));
    expect(again.metadata.batchStats.failedRequestCount).toBe(String(failed)); // the same keys fail every time
  });

  it("null-lines: some inlinedResponses entries are null (and file lines carry only the key), yet the job SUCCEEDED", async () => {
    emulator.configure({ batch: { ...TIMING, faults: "null-lines-2" } });
    const job = await rest().waitFor(await create("nulls", inline(4)));
    expect(job.metadata.state).toBe("BATCH_STATE_SUCCEEDED");
    const entries = job.response!.inlinedResponses!.inlinedResponses;
    expect(entries.map((entry) => (entry === null ? null : entry.metadata!.key))).toEqual(["k0", null, "k2", null]);
    const file = await rest().waitFor(await create("nulls-file", { fileName: await rest().upload(lines(2)) }));
    expect((await rest().download(file.response!.responsesFile!))[1]).toEqual({ key: "k1" });
  });

  it("job-state-names: metadata.state says JOB_STATE_* throughout", async () => {
    emulator.configure({ batch: { ...TIMING, jobFaults: { vocabulary: "job-state-names" } } });
    const name = await create("vocabulary", inline(1));
    expect((await rest().get(name)).body.metadata.state).toBe("JOB_STATE_PENDING");
    expect((await rest().waitFor(name)).metadata.state).toBe("JOB_STATE_SUCCEEDED");
  });

  it("faults set through POST /__emulator/config and as an EMULATE: marker in the display name", async () => {
    await fetch(`${emulator.url}/__emulator/config`, { method: "POST", body: JSON.stringify({ batch: { ...TIMING, jobFaults: { remote: "fail" } } }) });
    expect((await rest().waitFor(await create("remote-1", inline(1)))).metadata.state).toBe("BATCH_STATE_FAILED");
    expect((await rest().waitFor(await create("loupe EMULATE:line-errors-1+job-state-names", inline(2)))).metadata).toMatchObject({ state: "JOB_STATE_SUCCEEDED", batchStats: { requestCount: "2", failedRequestCount: "2" } });
  });

  it("the generate logic's own faults reach the lines: the creating key's configured fault, markers, fail-first-N, hang", async () => {
    const viaKey = await rest().waitFor(await create("key-fault", inline(2), FAILING_KEY));
    expect(viaKey.metadata.batchStats).toEqual({ requestCount: "2", failedRequestCount: "2" });
    expect(viaKey.response!.inlinedResponses!.inlinedResponses[0]!.error).toEqual({ code: 13, message: expect.stringContaining("An internal error has occurred") });

    const marked = jsonl([textLine("flaky", "EMULATE:fail-first-1 same"), textLine("flaky-again", "EMULATE:fail-first-1 same"), textLine("hangs", "EMULATE:hang"), textLine("too-long", "EMULATE:input-too-long"), textLine("quota", "EMULATE:429-day")]);
    const output = await rest().download((await rest().waitFor(await create("markers", { fileName: await rest().upload(marked) }))).response!.responsesFile!);
    const codes = Object.fromEntries(output.map((line) => [line.key, line.error?.code ?? "ok"]));
    // fail-first-1 fails an image's first call only: the same prompt's second line succeeds.
    expect(codes).toEqual({ flaky: 14, "flaky-again": "ok", hangs: 4, "too-long": 3, quota: 8 });
    expect(emulator.stats().projects.faults?.accepted ?? 0).toBe(0);
  });
});
