import http from "node:http";
import https from "node:https";
import net from "node:net";
import { checkWebhookUrl } from "./check-webhook-url";

export interface PostOutcome {
  statusCode: number | null;
  /** The start of what the endpoint answered (for the delivery log). */
  responseExcerpt: string | null;
  error: string | null;
  durationMs: number;
}

const EXCERPT_BYTES = 1024;

/**
 * POSTs a signed body to the endpoint's checked address (redirects are not followed: a 3xx is a failure, as Standard
 * Webhooks senders do), within `timeoutMs`. Never throws: what happened is the outcome.
 */
export async function postWebhook(url: string, headers: Record<string, string>, body: string, { timeoutMs, allowlist }: { timeoutMs: number; allowlist: string }): Promise<PostOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let address: string;
  try {
    address = await checkWebhookUrl(url, allowlist);
  } catch (error) {
    return { statusCode: null, responseExcerpt: null, error: `Not sent: ${(error as Error).message}`, durationMs: elapsed() };
  }
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<PostOutcome, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: elapsed() });
    };
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "Loupe-Webhooks/1" },
        lookup: (_host, _options, callback) => callback(null, [{ address, family: net.isIP(address) }] as never, undefined as never),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        const done = () => finish({ statusCode: response.statusCode ?? null, responseExcerpt: Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8"), error: null });
        response.on("end", done);
        response.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish({ statusCode: null, responseExcerpt: null, error: `No answer within ${timeoutMs} ms (WEBHOOK_TIMEOUT_MS).` });
    }, timeoutMs);
    request.on("error", (error) => finish({ statusCode: null, responseExcerpt: null, error: `Could not reach the endpoint: ${error.message}` }));
    request.end(body);
  });
}
