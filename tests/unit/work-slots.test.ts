import { describe, expect, it } from "vitest";
import { workSlots } from "../../lib/images/work-slots";

/** A task that stays running until released, recording how many ran at once. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { done, release };
}

describe("workSlots", () => {
  it("runs at most `limit` tasks at once and starts the waiting ones in the order they came", async () => {
    const run = workSlots(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, gate);
    const tasks = gates.map((g, index) =>
      run(async () => {
        started.push(index);
        running += 1;
        most = Math.max(most, running);
        await g.done;
        running -= 1;
        return index;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    gates[1].release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.release();
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it("frees the slot of a task that throws, so the next one runs", async () => {
    const run = workSlots(1);
    const failed = run(async () => {
      throw new Error("bad image");
    });
    const next = run(async () => "ran");
    await expect(failed).rejects.toThrow("bad image");
    expect(await next).toBe("ran");
  });
});
