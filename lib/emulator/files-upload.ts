import type http from "node:http";
import type { Readable } from "node:stream";
import { callerOf, type Caller } from "./batch-caller";
import type { ErrorAnswer } from "./error-bodies";
import type { EmulatorState } from "./emulator-state";
import { boundaryOf, readMultipart } from "./files-multipart";
import { badRequest, baseUrlOf, fileResource, VALID_FILE_ID } from "./files-resource";
import { UploadTooLarge, type UploadSession } from "./files-store";
import { GOOGLE_HEADERS, googleError, sendGoogle } from "./google-response";

/**
 * The Files API's upload route, `POST /upload/v1beta/files` (GEMINI-API.md §3.4), as @google/genai and plain REST
 * clients speak it. Resumable: `X-Goog-Upload-Command: start` (with `X-Goog-Upload-Header-Content-Length` / `-Type`
 * and `{"file": {"displayName"}}`) answers `x-goog-upload-url`; the bytes then go there by `upload` (intermediate
 * chunks, `X-Goog-Upload-Offset` must equal the bytes received so far) and `upload, finalize` (→
 * `x-goog-upload-status: final` and `{"file": File}`); `query` tells `x-goog-upload-size-received`; `cancel` drops
 * the session. One-shot: `X-Goog-Upload-Protocol: multipart` (or `?uploadType=multipart`, multipart/related with the
 * metadata first) and `raw` (or `?uploadType=media`, the body is the file). Bytes go to disk as they arrive.
 */
export async function answerUpload(state: EmulatorState, request: http.IncomingMessage, response: http.ServerResponse, url: URL): Promise<void> {
  const uploadId = url.searchParams.get("upload_id");
  if (uploadId) return continueUpload(state, request, response, uploadId);
  const caller = callerOf(state, request, url);
  if ("refused" in caller) return refuse(request, response, caller.refused);
  const protocol = (header(request, "x-goog-upload-protocol") ?? url.searchParams.get("uploadType") ?? "").toLowerCase();
  if (protocol === "resumable") {
    if (!commandsOf(request).has("start")) return refuse(request, response, badRequest("A resumable upload begins with X-Goog-Upload-Command: start."));
    return startResumable(state, request, response, caller);
  }
  if (protocol === "multipart") return uploadMultipart(state, request, response, caller);
  if (protocol === "raw" || protocol === "media") {
    return uploadOnce(state, request, response, caller, { mimeType: header(request, "content-type") ?? "application/octet-stream", declaredBytes: numberOf(header(request, "content-length")) }, request);
  }
  return refuse(request, response, badRequest("Unsupported upload protocol: set X-Goog-Upload-Protocol to resumable, multipart or raw."));
}

const header = (request: http.IncomingMessage, name: string) => {
  const value = request.headers[name];
  return typeof value === "string" && value !== "" ? value : undefined;
};
const numberOf = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : null);
const commandsOf = (request: http.IncomingMessage) => new Set((header(request, "x-goog-upload-command") ?? "").split(",").map((word) => word.trim().toLowerCase()).filter(Boolean));

/** Reads the rest of a request and drops it, so an answer sent before the body ends still reaches the client. */
const drain = (request: http.IncomingMessage) =>
  new Promise<void>((resolve) => {
    if (request.readableEnded) return resolve();
    request.on("end", resolve).on("error", () => resolve()).on("close", resolve).resume();
  });

async function refuse(request: http.IncomingMessage, response: http.ServerResponse, answer: ErrorAnswer, headers: Record<string, string> = {}) {
  await drain(request);
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  sendGoogle(response, answer);
}

/** An answer of the upload protocol with no body: the status travels in x-goog-upload-* headers. */
function sendStatus(response: http.ServerResponse, headers: Record<string, string>) {
  if (!response.headersSent) response.writeHead(200, { ...GOOGLE_HEADERS, "content-length": "0", ...headers }).end();
}

function sendFinal(request: http.IncomingMessage, response: http.ServerResponse, state: EmulatorState, file: Parameters<typeof fileResource>[0]) {
  response.setHeader("x-goog-upload-status", "final");
  sendGoogle(response, { status: 200, body: { file: fileResource(file, baseUrlOf(request, state.url)) } });
}

interface FileMetadata {
  fileId?: string;
  displayName?: string;
  mimeType?: string;
}

/** `{"file": {...}}` in either case convention; a bad custom name is the answer instead. */
function metadataOf(state: EmulatorState, text: string): FileMetadata | ErrorAnswer {
  let parsed: { file?: Record<string, unknown> };
  try {
    parsed = text.trim() ? JSON.parse(text) : {};
  } catch (error) {
    return badRequest(`Invalid JSON payload received. ${(error as Error).message}`);
  }
  const file = parsed.file ?? {};
  const displayName = (file.displayName ?? file.display_name) as string | undefined;
  const mimeType = (file.mimeType ?? file.mime_type) as string | undefined;
  const name = typeof file.name === "string" && file.name ? file.name.replace(/^files\//, "") : undefined;
  if (displayName !== undefined && String(displayName).length > 512) return badRequest("* CreateFileRequest.file.display_name: must be no more than 512 characters.\n");
  if (name !== undefined) {
    if (!VALID_FILE_ID.test(name)) return badRequest(`Invalid file name: files/${name}. A file id has up to 40 lowercase letters, digits or dashes, and does not start or end with a dash.`);
    if (state.files.has(name)) return { status: 409, body: googleError(409, "ALREADY_EXISTS", `File files/${name} already exists.`) };
  }
  return { fileId: name, displayName, mimeType };
}

/** Google's per-file and per-project limits, checked on what the client declares before any byte is taken. */
function overLimit(state: EmulatorState, project: string, declaredBytes: number | null): ErrorAnswer | null {
  const limits = state.files.limits();
  if (declaredBytes !== null && declaredBytes > limits.maxFileBytes) return badRequest(`File size ${declaredBytes} bytes exceeds the maximum allowed size of ${limits.maxFileBytes} bytes.`);
  if (state.files.usedBytes(project) + (declaredBytes ?? 0) > limits.projectStorageBytes) {
    return { status: 429, body: googleError(429, "RESOURCE_EXHAUSTED", `The project's file storage is full: it may keep ${limits.projectStorageBytes} bytes of files. Delete files or wait for them to expire.`) };
  }
  return null;
}

async function startResumable(state: EmulatorState, request: http.IncomingMessage, response: http.ServerResponse, caller: Caller) {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) if (chunks.reduce((sum, part) => sum + part.length, 0) < 1024 * 1024) chunks.push(chunk);
  const metadata = metadataOf(state, Buffer.concat(chunks).toString("utf8"));
  if ("status" in metadata) return sendGoogle(response, metadata);
  const declaredBytes = numberOf(header(request, "x-goog-upload-header-content-length"));
  const refused = overLimit(state, caller.project, declaredBytes);
  if (refused) return sendGoogle(response, refused);
  const mimeType = header(request, "x-goog-upload-header-content-type") ?? metadata.mimeType ?? "application/octet-stream";
  const session = state.files.startUpload({ project: caller.project, fileId: metadata.fileId, displayName: metadata.displayName, mimeType, declaredBytes });
  const uploadUrl = `${baseUrlOf(request, state.url)}/upload/v1beta/files?upload_id=${session.uploadId}&upload_protocol=resumable`;
  sendStatus(response, { "x-goog-upload-url": uploadUrl, "x-goog-upload-control-url": uploadUrl, "x-goog-upload-status": "active", "x-goog-upload-chunk-granularity": "262144" });
}

const progress = (session: UploadSession) => ({ "x-goog-upload-status": "active", "x-goog-upload-size-received": String(session.received) });

async function continueUpload(state: EmulatorState, request: http.IncomingMessage, response: http.ServerResponse, uploadId: string) {
  const session = state.files.session(uploadId);
  if (!session) return refuse(request, response, { status: 404, body: googleError(404, "NOT_FOUND", "The upload session was not found: it finished, was cancelled, or never existed.") });
  const commands = commandsOf(request);
  if (commands.has("query")) return (await drain(request), sendStatus(response, progress(session)));
  if (commands.has("cancel")) return (await drain(request), await state.files.cancel(session), sendStatus(response, { "x-goog-upload-status": "cancelled" }));
  if (!commands.has("upload") && !commands.has("finalize")) return refuse(request, response, badRequest("X-Goog-Upload-Command must be upload, finalize, query or cancel."), progress(session));
  if (commands.has("upload")) {
    const offset = numberOf(header(request, "x-goog-upload-offset"));
    if (session.busy || offset !== session.received) {
      const said = offset === null ? "no X-Goog-Upload-Offset" : `offset ${offset}`;
      return refuse(request, response, badRequest(`Invalid upload offset: the session has received ${session.received} bytes, the request says ${said}.`), progress(session));
    }
    session.busy = true;
    try {
      await state.files.receive(session, request);
    } catch (error) {
      if (error instanceof UploadTooLarge) return sendGoogle(response, badRequest(error.message));
      // Mostly the client went away mid-chunk (the session is back where it was); else say so.
      if (!request.destroyed) sendGoogle(response, { status: 500, body: googleError(500, "INTERNAL", `The upload could not be stored: ${(error as Error).message}`) });
      return;
    } finally {
      session.busy = false;
    }
  } else await drain(request);
  if (!commands.has("finalize")) return sendStatus(response, progress(session));
  if (session.declaredBytes !== null && session.received !== session.declaredBytes) {
    return refuse(request, response, badRequest(`The upload has ${session.received} bytes but X-Goog-Upload-Header-Content-Length said ${session.declaredBytes}.`), progress(session));
  }
  sendFinal(request, response, state, state.files.finalize(session));
}

async function uploadOnce(state: EmulatorState, request: http.IncomingMessage, response: http.ServerResponse, caller: Caller, metadata: FileMetadata & { mimeType: string; declaredBytes: number | null }, body: Readable | AsyncIterable<Buffer>) {
  const refused = overLimit(state, caller.project, metadata.declaredBytes);
  if (refused) return refuse(request, response, refused);
  const session = state.files.startUpload({ project: caller.project, fileId: metadata.fileId, displayName: metadata.displayName, mimeType: metadata.mimeType, declaredBytes: null });
  try {
    await state.files.receive(session, body);
  } catch (error) {
    await state.files.cancel(session);
    if (error instanceof UploadTooLarge) return refuse(request, response, badRequest(error.message));
    if (!request.destroyed) return refuse(request, response, badRequest((error as Error).message));
    return;
  }
  sendFinal(request, response, state, state.files.finalize(session));
}

async function uploadMultipart(state: EmulatorState, request: http.IncomingMessage, response: http.ServerResponse, caller: Caller) {
  const boundary = boundaryOf(header(request, "content-type"));
  if (!boundary) return refuse(request, response, badRequest("A multipart upload needs Content-Type: multipart/related; boundary=…"));
  let parts;
  try {
    parts = await readMultipart(request, boundary);
  } catch (error) {
    return refuse(request, response, badRequest((error as Error).message));
  }
  const metadata = metadataOf(state, parts.metadata);
  if ("status" in metadata) return refuse(request, response, metadata);
  const mimeType = parts.mimeType ?? metadata.mimeType ?? "application/octet-stream";
  return uploadOnce(state, request, response, caller, { ...metadata, mimeType, declaredBytes: null }, parts.media);
}
