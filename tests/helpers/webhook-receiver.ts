import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A webhook endpoint on 127.0.0.1 that records every POST and answers from a script: each entry is a status code, or
 * "hang" (never answers). Past the script's end it answers 200.
 */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  let script: (number | "hang")[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      for (const wake of waiters.splice(0)) wake();
      const next = script.shift() ?? 200;
      if (next === "hang") return;
      response.writeHead(next, { "content-type": "text/plain" }).end(next < 300 ? "thanks" : `refused with ${next}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    answer(next: (number | "hang")[]) {
      script = [...next];
    },
    /** Waits until `count` POSTs (in all) have arrived, or fails after `timeoutMs`. */
    async waitFor(count: number, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhook POSTs, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
