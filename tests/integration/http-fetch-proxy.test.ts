import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Behind an egress proxy: with NODE_USE_ENV_PROXY=1 and HTTP(S)_PROXY set, the Gemini fetch goes through the proxy, as
// global fetch would. The proxy is a loopback server; nothing listens at the target (port 9), so only the proxy can answer.
describe("httpFetch behind a proxy", () => {
  let proxy: http.Server;
  const seen: string[] = [];
  const saved = { use: process.env.NODE_USE_ENV_PROXY, proxy: process.env.HTTP_PROXY };
  beforeAll(async () => {
    proxy = http.createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      response.writeHead(200, { "content-type": "application/json" }).end('{"via":"proxy"}');
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    process.env.NODE_USE_ENV_PROXY = "1";
    process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    process.env.NODE_USE_ENV_PROXY = saved.use;
    process.env.HTTP_PROXY = saved.proxy;
    if (saved.use === undefined) delete process.env.NODE_USE_ENV_PROXY;
    if (saved.proxy === undefined) delete process.env.HTTP_PROXY;
    await new Promise<void>((resolve) => (proxy.closeAllConnections(), proxy.close(() => resolve())));
  });

  it("sends the request to the proxy named in the environment", async () => {
    const { httpFetch } = await import("../../lib/gemini/http-fetch"); // reads the environment when loaded
    const response = await httpFetch("http://127.0.0.1:9/v1beta/models/m:generateContent", { method: "POST", body: "{}" });
    expect(await response.json()).toEqual({ via: "proxy" });
    expect(seen).toEqual(["POST http://127.0.0.1:9/v1beta/models/m:generateContent"]);
  });
});
