import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GeminiRestError, restJson, urlOf, type BatchApiTarget } from "./rest";

export interface GeminiFile {
  name: string;
  displayName?: string;
  sizeBytes?: string;
  state?: string;
}

const UPLOAD_TIMEOUT_MS = 30 * 60_000;

/**
 * Uploads a file with the Files API's resumable protocol (start, then the bytes with "upload, finalize"), streamed from
 * disk: a JSONL of 20,000 images is hundreds of megabytes and never in memory.
 */
export async function uploadFile(target: BatchApiTarget, path: string, options: { displayName: string; mimeType: string }): Promise<GeminiFile> {
  const { size } = await stat(path);
  const start = await fetch(urlOf(target, "upload/v1beta/files"), {
    method: "POST",
    headers: {
      "x-goog-api-key": target.apiKey,
      "content-type": "application/json",
      "x-goog-upload-protocol": "resumable",
      "x-goog-upload-command": "start",
      "x-goog-upload-header-content-length": String(size),
      "x-goog-upload-header-content-type": options.mimeType,
    },
    body: JSON.stringify({ file: { displayName: options.displayName } }),
    signal: AbortSignal.timeout(target.timeoutMs),
  });
  if (!start.ok) throw new GeminiRestError(start.status, await start.text());
  await start.arrayBuffer();
  const uploadUrl = start.headers.get("x-goog-upload-url");
  if (!uploadUrl) throw new GeminiRestError(502, "The Files API gave no upload URL (x-goog-upload-url).");
  const upload = await fetch(uploadUrl, {
    method: "POST",
    headers: { "x-goog-api-key": target.apiKey, "content-length": String(size), "x-goog-upload-command": "upload, finalize", "x-goog-upload-offset": "0" },
    body: Readable.toWeb(createReadStream(path)) as ReadableStream,
    duplex: "half",
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  } as RequestInit);
  const text = await upload.text();
  if (!upload.ok) throw new GeminiRestError(upload.status, text);
  if (upload.headers.get("x-goog-upload-status") !== "final") throw new GeminiRestError(502, `The upload did not finish (status ${upload.headers.get("x-goog-upload-status")}).`);
  return (JSON.parse(text) as { file: GeminiFile }).file;
}

/** Streams a file's bytes (a batch's responses) to disk. */
export async function downloadFile(target: BatchApiTarget, name: string, path: string): Promise<number> {
  const response = await fetch(urlOf(target, `download/v1beta/${name}:download?alt=media`), { headers: { "x-goog-api-key": target.apiKey }, signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS) });
  if (!response.ok || !response.body) throw new GeminiRestError(response.status, await response.text());
  let bytes = 0;
  const counted = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream).on("data", (chunk: Buffer) => (bytes += chunk.length));
  await pipeline(counted, createWriteStream(path));
  return bytes;
}

/** Deletes a file Google keeps for us (inputs and outputs are kept 48 h and count against the project's 20 GB). */
export async function deleteFile(target: BatchApiTarget, name: string): Promise<void> {
  try {
    await restJson(target, "DELETE", `v1beta/${name}`);
  } catch (error) {
    // Already gone: Google answers a file that no longer exists with 404, or 403 "…or it may not exist".
    if (![403, 404].includes((error as GeminiRestError).status)) throw error;
  }
}
