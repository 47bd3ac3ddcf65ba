import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpFetch } from "../../lib/gemini/http-fetch";
import { holdInlineImage } from "../../lib/gemini/inline-images";

// The fetch the Gemini SDK calls through, against a loopback server that echoes what it received.
describe("httpFetch", () => {
  let server: http.Server;
  let base: string;
  const socketRequests = new WeakMap<object, number>();
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        if (request.url === "/hang") return; // never answers
        // A kept-alive connection closed under a second request, as a server timing out idle connections may do.
        const onSocket = (socketRequests.get(request.socket) ?? 0) + 1;
        socketRequests.set(request.socket, onSocket);
        if (request.url === "/drops-reused" && onSocket > 1) return void request.socket.destroy();
        if (request.url === "/empty") return void response.writeHead(204).end();
        const body = Buffer.concat(chunks).toString("utf8");
        response.writeHead(request.url === "/busy" ? 429 : 200, { "content-type": "application/json", "x-answer": "yes" });
        response.end(JSON.stringify({ method: request.method, body, headers: request.headers }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));

  it("sends the method, headers and body (UTF-8, with its length) and gives back status, headers and body", async () => {
    const body = JSON.stringify({ text: "Größe 5–10 ✓" });
    const response = await httpFetch(`${base}/echo`, { method: "POST", body, headers: new Headers({ "content-type": "application/json", "x-goog-api-key": "k", "accept-encoding": "gzip" }) });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get("x-answer")).toBe("yes");
    const echoed = (await response.json()) as { method: string; body: string; headers: Record<string, string> };
    expect(echoed.method).toBe("POST");
    expect(echoed.body).toBe(body);
    expect(echoed.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
    expect(echoed.headers["x-goog-api-key"]).toBe("k");
    // The answer is read as the body's bytes, so it must not come compressed.
    expect(echoed.headers["accept-encoding"]).toBeUndefined();
  });

  it("gives the answer's same bytes through text(), json(), arrayBuffer(), bytes(), a body stream and a clone", async () => {
    const body = JSON.stringify({ text: "Größe ✓" });
    const response = await httpFetch(`${base}/echo`, { method: "POST", body });
    expect(response).toBeInstanceOf(Response);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ method: "POST", body });
    expect(((await response.json()) as { body: string }).body).toBe(body);
    expect(Buffer.from(await response.arrayBuffer()).toString("utf8")).toBe(text);
    expect(Buffer.from(await response.bytes()).toString("utf8")).toBe(text);
    expect(await new Response(response.body).text()).toBe(text);
    const copy = response.clone();
    expect(copy.status).toBe(200);
    expect(copy.headers.get("x-answer")).toBe("yes");
    expect(await copy.text()).toBe(text);
  });

  it("passes an error status through as a response (the SDK turns it into its ApiError), and a 204 as an empty one", async () => {
    const busy = await httpFetch(`${base}/busy`, { method: "POST", body: "{}" });
    expect(busy.status).toBe(429);
    expect(busy.ok).toBe(false);
    const empty = await httpFetch(`${base}/empty`);
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe("");
  });

  it("sends again on a fresh connection when a reused one is closed under the request", async () => {
    const first = await httpFetch(`${base}/drops-reused`, { method: "POST", body: "{}" });
    expect(first.status).toBe(200);
    const second = await httpFetch(`${base}/drops-reused`, { method: "POST", body: "{\"n\":2}" });
    expect(second.status).toBe(200);
    expect(((await second.json()) as { body: string }).body).toBe('{"n":2}');
  });

  it("writes a held image's base64 where its token is, with the right length, also when it sends again", async () => {
    const image = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256));
    const held = holdInlineImage(image);
    try {
      const body = JSON.stringify({ contents: [{ parts: [{ inlineData: { mimeType: "image/jpeg", data: held.token } }, { text: "Größe ✓" }] }] });
      const expected = body.replace(held.token, image.toString("base64"));
      for (const path of ["/echo", "/drops-reused", "/drops-reused"]) {
        const echoed = (await (await httpFetch(`${base}${path}`, { method: "POST", body })).json()) as { body: string; headers: Record<string, string> };
        expect(echoed.body).toBe(expected);
        expect(echoed.headers["content-length"]).toBe(String(Buffer.byteLength(expected)));
      }
    } finally {
      held.release();
    }
  });

  it("refuses a body whose image was released, rather than send its token as the image", async () => {
    const held = holdInlineImage(Buffer.from("x"));
    held.release();
    await expect(httpFetch(`${base}/echo`, { method: "POST", body: JSON.stringify({ data: held.token }) })).rejects.toThrow("released before the request was sent");
  });

  it("stops when its signal aborts, with an AbortError", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new DOMException("The Gemini call timed out.", "TimeoutError")), 100);
    await expect(httpFetch(`${base}/hang`, { method: "POST", body: "{}", signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("refuses an address that is not http or https", async () => {
    await expect(httpFetch("ftp://127.0.0.1/x")).rejects.toThrow("must be http or https");
  });
});
