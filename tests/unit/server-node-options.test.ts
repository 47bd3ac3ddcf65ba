import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVER_V8_FLAGS, serverNodeOptions } from "../../scripts/lib/server-node-options";

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

describe("SERVER_V8_FLAGS", () => {
  // They go on the server's command line, where a Node that no longer knew one would refuse to start at all.
  const run = (flags: string[]) => spawnSync(process.execPath, [...flags, "-e", "process.stdout.write('ran')"], { encoding: "utf8" });

  it("are accepted by this Node", () => {
    const probe = run(SERVER_V8_FLAGS);
    expect(probe.stderr).toBe("");
    expect(probe.stdout).toBe("ran");
  });

  it("are given to the dedicated worker too (npm run worker)", () => {
    const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;
    expect(scripts.worker).toBe(`node ${SERVER_V8_FLAGS.join(" ")} --import tsx scripts/worker.ts`);
  });

  it("would be caught if one were not (an unknown flag stops Node)", () => {
    const probe = run([...SERVER_V8_FLAGS, "--no-such-v8-flag-at-all"]);
    expect(probe.status).not.toBe(0);
    expect(probe.stdout).toBe("");
  });
});
