import { describe, expect, it } from "vitest";
import { createWaitingLine } from "../../lib/gemini/waiting-line";

describe("createWaitingLine", () => {
  it("serves every caller once room appears, each with its own value, without one attempt per caller per wake-up", async () => {
    let misses = 0;
    let room = 0;
    const asked: number[][] = [];
    const line = createWaitingLine<number, string>({
      attempt: async (inputs) => {
        asked.push(inputs);
        const served = inputs.slice(0, room);
        room -= served.length;
        if (served.length < inputs.length) misses += 1;
        return { values: served.map((input) => `slot for ${input}`), retryAt: Date.now() + 30 };
      },
      most: 8,
      giveBack: async () => {},
      lanes: () => 2,
      cancelled: () => new Error("cancelled"),
    });
    const waiting = Array.from({ length: 20 }, (_, i) => line.wait(i));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(line.waiting).toBe(20); // the lanes put their callers back in front while they sleep
    expect(misses).toBeLessThanOrEqual(2 * 5); // two lanes, a try every 30 ms: not 20 callers each retrying
    // Each lane's first try was for the one caller in line when it started; the later ones are for the first `most`.
    expect(asked.slice(2).every((inputs) => inputs.length === 8)).toBe(true);
    const attemptsBefore = asked.length;
    room = 20;
    const values = await Promise.all(waiting);
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => `slot for ${i}`));
    expect(asked.length - attemptsBefore).toBeLessThanOrEqual(3 + 2); // 20 callers, 8 a try (and a lane's last look)
  });

  it("puts the callers an attempt found no room for back in front, in order, and serves the rest of the line after them", async () => {
    let room = 3;
    const served: string[] = [];
    const line = createWaitingLine<string, string>({
      attempt: async (inputs) => {
        const values = inputs.slice(0, room);
        room -= values.length;
        return { values, retryAt: Date.now() + 20 };
      },
      most: 5,
      giveBack: async () => {},
      lanes: () => 1,
      cancelled: () => new Error("cancelled"),
    });
    const all = ["a", "b", "c", "d", "e", "f", "g"].map((input) => line.wait(input).then((value) => void served.push(value)));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(served).toEqual(["a", "b", "c"]);
    expect(line.waiting).toBe(4);
    room = 10;
    await Promise.all(all);
    expect(served).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
  });

  it("a caller that gives up leaves the line; a value won for it goes to the next caller, or back when nobody waits", async () => {
    const given: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let n = 0;
    const line = createWaitingLine<string, string>({
      attempt: async (inputs) => {
        await gate;
        return { values: inputs.map(() => `lease-${(n += 1)}`), retryAt: Date.now() };
      },
      most: 1,
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

  it("an attempt that throws rejects the callers it was for, and the line goes on with the others", async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const line = createWaitingLine<number, number>({
      attempt: async (inputs) => {
        calls += 1;
        await gate; // the others join the line meanwhile
        if (calls <= 2) throw new Error("the database went away");
        return { values: inputs, retryAt: Date.now() };
      },
      most: 2,
      giveBack: async () => {},
      lanes: () => 1,
      cancelled: () => new Error("cancelled"),
    });
    const waiting = Promise.allSettled([1, 2, 3, 4].map((input) => line.wait(input)));
    release();
    const results = await waiting;
    // The first try was for caller 1 alone, the second for 2 and 3: both failed; 4's try went through.
    expect(results.map((result) => (result.status === "fulfilled" ? result.value : (result.reason as Error).message))).toEqual(["the database went away", "the database went away", "the database went away", 4]);
  });
});
