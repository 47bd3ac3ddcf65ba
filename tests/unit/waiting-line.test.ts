import { describe, expect, it } from "vitest";
import { createWaitingLine } from "../../lib/gemini/waiting-line";

describe("createWaitingLine", () => {
  it("serves every caller once room appears, each with its own value, without one attempt per caller per wake-up", async () => {
    let attempts = 0;
    let room = 0;
    const line = createWaitingLine<number, string>({
      attempt: async (input) => (room > 0 ? ((room -= 1), { value: `slot for ${input}`, retryAt: Date.now() }) : ((attempts += 1), { retryAt: Date.now() + 30 })),
      giveBack: async () => {},
      lanes: () => 2,
      cancelled: () => new Error("cancelled"),
    });
    const waiting = Array.from({ length: 20 }, (_, i) => line.wait(i));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(line.waiting).toBe(20); // the lanes put their callers back in front while they sleep
    const misses = attempts;
    expect(misses).toBeLessThanOrEqual(2 * 5); // two lanes, a try every 30 ms: not 20 callers each retrying
    room = 20;
    const values = await Promise.all(waiting);
    expect(new Set(values).size).toBe(20);
    expect(values.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `slot for ${i}`).sort());
  });

  it("a caller that gives up leaves the line; a value won for it goes to the next caller, or back when nobody waits", async () => {
    const given: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let n = 0;
    const line = createWaitingLine<string, string>({
      attempt: async () => {
        await gate;
        n += 1;
        return { value: `lease-${n}`, retryAt: Date.now() };
      },
      giveBack: async (value) => void given.push(value),
      lanes: () => 1,
      cancelled: () => new Error("cancelled"),
    });
    const first = new AbortController();
    const firstCall = line.wait("first", first.signal);
    const second = line.wait("second");
    first.abort(); // while its attempt is in flight
    await expect(firstCall).rejects.toThrow("cancelled");
    release();
    expect(await second).toBe("lease-1"); // the lease won for "first" went to "second"
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(given).toEqual([]);

    const lone = new AbortController();
    const loneCall = line.wait("lone", lone.signal);
    lone.abort();
    await expect(loneCall).rejects.toThrow("cancelled");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(given).toEqual(["lease-2"]); // nobody else waited: the reservation is given back
  });
});
