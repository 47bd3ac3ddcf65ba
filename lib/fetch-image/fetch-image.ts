import { createHash } from "node:crypto";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { AnalysisError } from "../errors";
import { cachedResolve, HostNotFoundError } from "./cached-resolve";
import { isPublicAddress, parseAllowlist } from "./classify-address";
import { sniffImageType } from "./sniff-image-type";

export interface FetchImageOptions {
  allowlist?: string;
  maxBytes?: number;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  maxRedirects?: number;
  /** The resolver (tests pass one that maps fake host names to addresses; no connection is made to refused ones). */
  resolve?: (host: string) => Promise<string[]>;
  signal?: AbortSignal;
  /** This is the image's last try at the name: a host that does not exist (NXDOMAIN) is then permanent. */
  finalTry?: boolean;
}

export interface FetchedImage {
  bytes: Buffer;
  mimeType: string;
  sha256: string;
  finalUrl: string;
}


// The allowlist is the same setting for every image: parsed once, again only when it changes.
let parsedAllowlist: { text: string; allow: ReturnType<typeof parseAllowlist> } | null = null;
function allowlistOf(text: string) {
  if (parsedAllowlist?.text !== text) parsedAllowlist = { text, allow: parseAllowlist(text) };
  return parsedAllowlist.allow;
}

/** Resolves and checks the host; returns the address to connect to (so the check and the connection use the same IP). */
async function pickAddress(url: URL, options: FetchImageOptions): Promise<string> {
  const allow = allowlistOf(options.allowlist ?? "");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = net.isIP(host)
    ? [host]
    : await (options.resolve ?? cachedResolve)(host).catch((error) => {
        // NXDOMAIN: the name does not exist; one retry (a record being created), then the image fails.
        if (error instanceof HostNotFoundError) throw new AnalysisError("image_unreachable", error.message, { retryable: !options.finalTry, hostNotFound: true });
        throw new AnalysisError("image_unreachable", `The host ${host} could not be resolved (a temporary DNS error: ${(error as Error)?.message ?? error}).`, { retryable: true });
      });
  if (addresses.length === 0) throw new AnalysisError("image_unreachable", `The host ${host} has no address.`, { retryable: true });
  for (const address of addresses) {
    if (!allow.allowsHost(host) && !allow.allowsAddress(address) && !isPublicAddress(address)) {
      throw new AnalysisError("image_refused", `Refused to fetch ${host}: it resolves to a private or reserved address (${address}).`, { retryable: false });
    }
  }
  return addresses[0];
}

function requestOnce(url: URL, address: string, options: FetchImageOptions, deadline: number): Promise<{ status: number; location?: string; contentType?: string; body?: Buffer }> {
  const client = url.protocol === "https:" ? https : http;
  const maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "GET",
        headers: { "user-agent": "Loupe/1 (+image analysis)", accept: "image/*" },
        // Connect to the address we checked, not a fresh DNS answer (no rebinding between check and connect).
        lookup: (_host, _opts, callback) => callback(null, [{ address, family: net.isIP(address) }] as never, undefined as never),
        timeout: options.connectTimeoutMs ?? 10_000,
        signal: options.signal,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          return resolve({ status, location: response.headers.location });
        }
        if (status !== 200) {
          response.resume();
          return resolve({ status });
        }
        const declared = Number(response.headers["content-length"] ?? 0);
        if (declared > maxBytes) {
          request.destroy();
          return reject(new AnalysisError("image_too_large", `The image is ${Math.round(declared / 1048576)} MB, over the ${Math.round(maxBytes / 1048576)} MB limit.`, { retryable: false }));
        }
        const chunks: Buffer[] = [];
        let received = 0;
        response.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxBytes) {
            request.destroy();
            reject(new AnalysisError("image_too_large", `The image is over the ${Math.round(maxBytes / 1048576)} MB limit.`, { retryable: false }));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => resolve({ status, contentType: response.headers["content-type"], body: Buffer.concat(chunks) }));
        response.on("error", (error) => reject(error));
      },
    );
    const remaining = deadline - Date.now();
    const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
    const totalTimer = setTimeout(() => request.destroy(new Error(`it did not arrive within ${seconds(options.totalTimeoutMs ?? 30_000)}`)), Math.max(remaining, 1));
    request.on("close", () => clearTimeout(totalTimer));
    request.on("timeout", () => request.destroy(new Error(`the host sent nothing for ${seconds(options.connectTimeoutMs ?? 10_000)}`)));
    request.on("error", (error) => {
      if (error instanceof AnalysisError) return reject(error);
      reject(new AnalysisError("image_unreachable", `Could not download the image: ${error.message}.`, { retryable: true }));
    });
    request.end();
  });
}

/**
 * Downloads an image for analysis, SSRF-safe: every hop (max 5 redirects) is resolved and checked before connecting;
 * a size cap is enforced while streaming; the content must look like an image by its first bytes.
 */
export async function fetchImage(rawUrl: string, options: FetchImageOptions = {}): Promise<FetchedImage> {
  const deadline = Date.now() + (options.totalTimeoutMs ?? 30_000);
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new AnalysisError("image_not_found", "The image URL is not a valid URL.", { retryable: false });
  }
  for (let hop = 0; hop <= (options.maxRedirects ?? 5); hop++) {
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new AnalysisError("image_refused", `Only http and https URLs can be fetched (got ${url.protocol}).`, { retryable: false });
    }
    const address = await pickAddress(url, options);
    const response = await requestOnce(url, address, options, deadline);
    if (response.location) {
      url = new URL(response.location, url);
      continue;
    }
    if (response.status === 404 || response.status === 410) throw new AnalysisError("image_not_found", `The image URL answered ${response.status} (not found).`, { retryable: false, httpStatus: response.status });
    if (response.status === 429 || response.status >= 500) throw new AnalysisError("image_unreachable", `The image host answered ${response.status}; will retry.`, { retryable: true, httpStatus: response.status });
    if (response.status !== 200 || !response.body) throw new AnalysisError("image_not_found", `The image URL answered ${response.status}.`, { retryable: false, httpStatus: response.status });
    const mimeType = sniffImageType(response.body);
    if (!mimeType) {
      throw new AnalysisError("image_unsupported", `The URL did not return an image (content type ${response.contentType ?? "unknown"}).`, { retryable: false });
    }
    return { bytes: response.body, mimeType, sha256: createHash("sha256").update(response.body).digest("hex"), finalUrl: url.toString() };
  }
  throw new AnalysisError("image_not_found", "Too many redirects (more than 5).", { retryable: false });
}
