import { describe, expect, it } from "vitest";
import { batchInTurn } from "../../lib/db/batch-in-turn";

// What the statement behind it would answer: the key's length, per group, recorded so runs can be counted.
function recordingBatcher(firstOnly = false) {
  const runs: { context: object; group: string; keys: string[] }[] = [];
  const lookup = batchInTurn({
    group: (shared: { group: string }) => shared.group,
    run: async (context: object, shared, keys: string[]) => {
      runs.push({ context, group: shared.group, keys });
      if (keys.includes("boom")) throw new Error("the statement failed");
      return new Map(keys.filter((key) => key !== "missing").map((key) => [key, `${shared.group}:${key.length}`]));
    },
    firstOnly,
  });
  return { runs, lookup };
}

describe("batchInTurn", () => {
  it("answers the calls of one turn with one run per context and group, each distinct key once", async () => {
    const { runs, lookup } = recordingBatcher();
    const [one, two] = [{}, {}];
    const answers = await Promise.all([
      lookup(one, { group: "a" }, "x"),
      lookup(one, { group: "a" }, "yy"),
      lookup(one, { group: "a" }, "x"),
      lookup(one, { group: "b" }, "zzz"),
      lookup(two, { group: "a" }, "x"),
      lookup(one, { group: "a" }, "missing"),
    ]);
    expect(answers).toEqual(["a:1", "a:2", "a:1", "b:3", "a:1", undefined]);
    expect(runs).toHaveLength(3);
    expect(runs[0]).toMatchObject({ context: one, group: "a", keys: ["x", "yy", "missing"] });
    expect(runs.find((run) => run.context === two)?.keys).toEqual(["x"]);
  });

  it("starts a new run for calls made after the turn, and gives a key asked twice to its first asker only with firstOnly", async () => {
    const { runs, lookup } = recordingBatcher(true);
    const context = {};
    expect(await Promise.all([lookup(context, { group: "a" }, "x"), lookup(context, { group: "a" }, "x")])).toEqual(["a:1", undefined]);
    expect(await lookup(context, { group: "a" }, "x")).toBe("a:1");
    expect(runs.map((run) => run.keys)).toEqual([["x"], ["x"]]);
  });

  it("rejects every call of a run that failed, and only those", async () => {
    const { lookup } = recordingBatcher();
    const context = {};
    const results = await Promise.allSettled([lookup(context, { group: "a" }, "boom"), lookup(context, { group: "a" }, "x"), lookup(context, { group: "b" }, "x")]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe("the statement failed");
  });
});
