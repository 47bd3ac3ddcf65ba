import { describe, expect, it } from "vitest";
import { compareMigrations } from "../../lib/db/migrate";

const file = (name: string, checksum = "c") => ({ name, checksum, sql: "" });
const row = (name: string, extra: Partial<{ checksum: string; finished_at: Date | null; rolled_back_at: Date | null }> = {}) => ({
  migration_name: name,
  checksum: "c",
  finished_at: new Date(),
  rolled_back_at: null,
  ...extra,
});

describe("migration status", () => {
  it("everything is pending on a database without the table", () => {
    expect(compareMigrations([file("a"), file("b")], null)).toEqual({ applied: [], pending: ["a", "b"], failed: [], modified: [] });
  });
  it("separates applied, pending, failed, rolled back and modified", () => {
    const status = compareMigrations(
      [file("a"), file("b", "new"), file("c"), file("d")],
      [row("a"), row("b"), row("c", { finished_at: null }), row("d", { rolled_back_at: new Date() })],
    );
    expect(status).toEqual({ applied: ["a", "b"], pending: ["d"], failed: ["c"], modified: ["b"] });
  });
});
