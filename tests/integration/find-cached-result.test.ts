import { describe, expect, it } from "vitest";
import { findCachedResult } from "../../lib/analysis/find-cached-result";
import { useTestDatabase } from "../helpers/test-database";

describe("finding cached results", () => {
  const testDb = useTestDatabase();

  it("answers lookups made together from one statement, each with its own result or undefined", async () => {
    await testDb.db.$executeRaw`INSERT INTO result_cache (cache_key, result, model) VALUES ('k1', '{"caption":"one"}', 'm'), ('k2', '["two"]', 'm'), ('k3', 'null', 'm')`;
    const found = await Promise.all(["k1", "k2", "nope", "k1", "k3"].map((key) => findCachedResult(testDb.db, key)));
    expect(found).toEqual([{ caption: "one" }, ["two"], undefined, { caption: "one" }, null]);
    expect(await findCachedResult(testDb.db, "k2")).toEqual(["two"]);
  });
});
