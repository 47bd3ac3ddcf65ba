import { describe, expect, it } from "vitest";
import { throttleDispatch } from "../../lib/orchestration/throttle-dispatch";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("throttleDispatch", () => {
  it("tops a batch up at once, then at most once per interval, with one trailing top-up for the calls in between", async () => {
    const calls: [string, number][] = [];
    const started = Date.now();
    const topUp = throttleDispatch(100, async (batchId) => void calls.push([batchId, Date.now() - started]), () => {});
    await topUp("a");
    expect(calls.map(([id]) => id)).toEqual(["a"]);
    for (let i = 0; i < 5; i++) await topUp("a"); // too soon: coalesced into one trailing call
    await topUp("b"); // another batch has its own interval
    expect(calls.map(([id]) => id)).toEqual(["a", "b"]);
    await sleep(160);
    expect(calls.map(([id]) => id)).toEqual(["a", "b", "a"]);
    expect(calls[2][1]).toBeGreaterThanOrEqual(95);
    await sleep(120);
    expect(calls).toHaveLength(3); // nothing more was asked for
    await topUp("a");
    expect(calls).toHaveLength(4);
  });

  it("a failed trailing top-up is reported, not thrown into the void", async () => {
    const errors: unknown[] = [];
    let fail = false;
    const topUp = throttleDispatch(30, async () => {
      if (fail) throw new Error("database gone");
    }, (error) => errors.push(error));
    await topUp("a");
    fail = true;
    await topUp("a");
    await sleep(80);
    expect(errors).toEqual([new Error("database gone")]);
  });

  it("cancel drops the pending trailing top-up: a stopped worker does not dispatch after it stopped", async () => {
    const calls: string[] = [];
    const topUp = throttleDispatch(30, async (batchId) => void calls.push(batchId), () => {});
    await topUp("a");
    await topUp("a"); // too soon: a trailing one is scheduled
    topUp.cancel();
    await sleep(80);
    expect(calls).toEqual(["a"]);
  });
});
