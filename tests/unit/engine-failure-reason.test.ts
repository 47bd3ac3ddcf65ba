import { describe, expect, it } from "vitest";
import { engineFailureReason } from "../../lib/orchestration/fail-after-retries";

describe("engineFailureReason", () => {
  it("keeps the last line of a Prisma error, which says what went wrong", () => {
    const message = "\nInvalid `prisma.$queryRaw()` invocation:\n\n\nRaw query failed. Code: `P0001`. Message: `ERROR: disk full`";
    expect(engineFailureReason({ message })).toBe("The job engine gave up after retries: Raw query failed. Code: `P0001`. Message: `ERROR: disk full`");
  });

  it("keeps the first line of any other error, and bounds its length", () => {
    expect(engineFailureReason({ message: "fetch failed\n    at stack line" })).toBe("The job engine gave up after retries: fetch failed");
    expect(engineFailureReason({ message: "x".repeat(900) })).toHaveLength("The job engine gave up after retries: ".length + 500);
    expect(engineFailureReason({})).toBe("The job engine gave up after retries: unknown error");
  });
});
