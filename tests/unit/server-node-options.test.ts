import { describe, expect, it } from "vitest";
import { serverNodeOptions } from "../../scripts/lib/server-node-options";

describe("serverNodeOptions", () => {
  it("adds the young-generation cap to whatever the operator set", () => {
    expect(serverNodeOptions()).toBe("--max-semi-space-size=16");
    expect(serverNodeOptions("--enable-source-maps")).toBe("--enable-source-maps --max-semi-space-size=16");
  });

  it("leaves an operator's own semispace setting alone", () => {
    expect(serverNodeOptions("--max-semi-space-size=64 --trace-gc")).toBe("--max-semi-space-size=64 --trace-gc");
  });
});
