import http from "node:http";
import https from "node:https";
import { bodyLength, splitInlineImages, writeBody, type BodyPart } from "./inline-images";

// Keep-alive connections to Gemini's endpoint, as fetch's own pool would keep them. Behind an egress proxy, Node's
// NODE_USE_ENV_PROXY=1 with HTTPS_PROXY / NO_PROXY applies here as it does to global fetch.
const proxyEnv = process.env.NODE_USE_ENV_PROXY === "1" ? process.env : undefined;
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 256, proxyEnv }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 256, proxyEnv }),
};

/**
 * The fetch the Gemini SDK calls through (its `httpOptions.fetch`): one node:http(s) request carrying the SDK's JSON body,
 * the whole answer read into one buffer. Global fetch spent more CPU on a call than the SDK itself (body conversions, web
 * streams for an answer that is read whole anyway): 0.59–0.73 ms against 0.43–0.48 ms a call, measured with the emulator.
 * The answer is never compressed (no Accept-Encoding is sent), so the bytes are the body. Images held by token
 * (inline-images.ts) are written as base64 in their tokens' places.
 */
export async function httpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  const transport = url.protocol === "https:" ? https : url.protocol === "http:" ? http : null;
  if (!transport) throw new TypeError(`Gemini's address must be http or https, not ${url.protocol}`);
  const body: BodyPart[] | null =
    typeof init.body === "string" ? splitInlineImages(init.body) : init.body == null ? null : [Buffer.from(await new Response(init.body).arrayBuffer())];
  const headers = Object.fromEntries(init.headers instanceof Headers ? init.headers : new Headers(init.headers));
  delete headers["accept-encoding"];
  if (body) headers["content-length"] = String(bodyLength(body));
  return send(transport, url, init, headers, body, true);
}

function send(transport: typeof http | typeof https, url: URL, init: RequestInit, headers: Record<string, string>, body: BodyPart[] | null, mayRetry: boolean): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const request = transport.request(url, { method: init.method ?? "GET", headers, agent: agents[url.protocol as "http:" | "https:"], signal: init.signal ?? undefined }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const answerHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) answerHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
        }
        const status = response.statusCode ?? 502;
        const empty = status === 204 || status === 205 || status === 304;
        resolve(new BufferedResponse(empty ? null : Buffer.concat(chunks), { status, statusText: response.statusMessage, headers: answerHeaders }));
      });
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      // A kept-alive connection the server closed just as it was reused: nothing reached the server, so send it once
      // more on a fresh connection (the pattern Node's documentation gives for reusedSocket).
      if (mayRetry && request.reusedSocket && error.code === "ECONNRESET" && !init.signal?.aborted) resolve(send(transport, url, init, headers, body, false));
      else reject(error);
    });
    if (body) writeBody(request, body);
    request.end();
  });
}

/**
 * An answer read whole. Its json() and text() decode the buffer at once: a Response made with the bytes as its body reads
 * them back through a web stream (undici's readAllBytes), about a twentieth of the worker's main thread in the e2e
 * benchmark. `body` still gives a stream of the same bytes to whoever asks for one.
 */
class BufferedResponse extends Response {
  readonly #bytes: Buffer<ArrayBuffer> | null;

  constructor(bytes: Buffer<ArrayBuffer> | null, init: ResponseInit) {
    super(null, init);
    this.#bytes = bytes;
  }

  override get body() {
    return this.#bytes ? new Blob([this.#bytes]).stream() : null;
  }

  override async text() {
    const text = this.#bytes?.toString("utf8") ?? "";
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  override async json() {
    return JSON.parse(await this.text());
  }

  override async arrayBuffer() {
    return this.#bytes ? new Uint8Array(this.#bytes).buffer : new ArrayBuffer(0);
  }

  override async bytes() {
    return this.#bytes ? new Uint8Array(this.#bytes) : new Uint8Array(0);
  }

  override clone(): Response {
    return new BufferedResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers });
  }
}
