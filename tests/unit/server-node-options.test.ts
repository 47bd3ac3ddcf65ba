import { describe, expect, it } from "vitest";
import { serverNodeOptions } from "../../scripts/lib/server-node-options";

describe("serverNodeOptions", () => {
  it("adds the young- and old-generation caps to whatever the operator set", () => {
    expect(serverNodeOptions()).toBe("--max-semi-space-size=16 --max-old-space-size=1536");
    expect(serverNodeOptions("--enable-source-maps")).toBe("--enable-source-maps --max-semi-space-size=16 --max-old-space-size=1536");
  });

  it("leaves an operator's own setting of either alone", () => {
    expect(serverNodeOptions("--max-semi-space-size=64 --trace-gc")).toBe("--max-semi-space-size=64 --trace-gc --max-old-space-size=1536");
    expect(serverNodeOptions("--max-old-space-size=4096")).toBe("--max-old-space-size=4096 --max-semi-space-size=16");
    expect(serverNodeOptions("--max-old-space-size=4096 --max-semi-space-size=8")).toBe("--max-old-space-size=4096 --max-semi-space-size=8");
  });
});
