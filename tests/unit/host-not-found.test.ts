import { describe, expect, it } from "vitest";
import { AnalysisError } from "../../lib/errors";
import { HostNotFoundError } from "../../lib/fetch-image/cached-resolve";
import { fetchImage } from "../../lib/fetch-image/fetch-image";
import { createHostSlots } from "../../lib/fetch-image/host-slots";

describe("DNS answers and per-host slots", () => {
  const notFound = async (host: string): Promise<string[]> => {
    throw new HostNotFoundError(host);
  };
  const temporary = async (): Promise<string[]> => {
    throw Object.assign(new Error("queryA ESERVFAIL"), { code: "ESERVFAIL" });
  };

  const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error("expected a failure"); }, (error) => error as AnalysisError);

  it("NXDOMAIN is retried once, then permanent; a temporary resolver error stays retryable", async () => {
    const first = await failure(fetchImage("http://gone.example.com/a.jpg", { resolve: notFound }));
    expect([first.code, first.options.retryable, first.options.hostNotFound]).toEqual(["image_unreachable", true, true]);
    expect(first.message).toBe("The host gone.example.com does not exist (DNS: not found).");
    const last = await failure(fetchImage("http://gone.example.com/a.jpg", { resolve: notFound, finalTry: true }));
    expect(last.options.retryable).toBe(false);
    const flaky = await failure(fetchImage("http://cdn.example.com/a.jpg", { resolve: temporary, finalTry: true }));
    expect([flaky.code, flaky.options.retryable]).toEqual(["image_unreachable", true]);
    expect(flaky.message).toContain("temporary DNS error");
  });

  it("at most N fetches at once per host; the next waits for a slot or gives up after its wait", async () => {
    const slots = createHostSlots(2);
    const a = await slots.acquire("cdn", 10);
    const b = await slots.acquire("cdn", 10);
    expect(await slots.acquire("cdn", 20)).toBeNull();
    expect(await slots.acquire("other", 10)).not.toBeNull();
    const waiting = slots.acquire("cdn", 1000);
    a!();
    a!(); // releasing twice frees one slot only
    expect(await waiting).not.toBeNull();
    expect(slots.inUse("cdn")).toBe(2);
    b!();
    expect(slots.inUse("cdn")).toBe(1);
  });
});
