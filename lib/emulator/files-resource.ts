import type http from "node:http";
import type { ErrorAnswer } from "./error-bodies";
import type { StoredFile } from "./files-store";
import { googleError } from "./google-response";

/** Google's timestamps carry nanoseconds ("2025-12-10T18:27:01.407650525Z"); the emulator pads its milliseconds. */
export function googleTime(ms: number) {
  // The digits below the millisecond follow from the time itself, so one instant always renders the same.
  const below = String((Math.floor(ms) * 7919) % 1_000_000).padStart(6, "0");
  return `${new Date(ms).toISOString().slice(0, 23)}${below}Z`;
}

/** The emulator's own address as the client reached it: upload URLs and file URIs point back there. */
export function baseUrlOf(request: http.IncomingMessage, fallback: string) {
  return request.headers.host ? `http://${request.headers.host}` : fallback;
}

/** The File resource as Google renders it (GEMINI-API.md §3.4); batch outputs also name their download URI. */
export function fileResource(file: StoredFile, base: string) {
  const created = googleTime(file.createdAt);
  return {
    name: `files/${file.id}`,
    ...(file.displayName ? { displayName: file.displayName } : {}),
    mimeType: file.mimeType,
    sizeBytes: String(file.sizeBytes),
    createTime: created,
    updateTime: created,
    expirationTime: googleTime(file.expiresAt),
    sha256Hash: file.sha256,
    uri: `${base}/v1beta/files/${file.id}`,
    ...(file.source === "GENERATED" ? { downloadUri: `${base}/download/v1beta/files/${file.id}:download?alt=media` } : {}),
    state: "ACTIVE",
    source: file.source,
  };
}

/** What Google answers for a file that is not there, or not this project's: a 403, not a 404. */
export const fileNotFound = (id: string): ErrorAnswer => ({ status: 403, body: googleError(403, "PERMISSION_DENIED", `You do not have permission to access the File ${id} or it may not exist.`) });

export const badRequest = (message: string, status = "INVALID_ARGUMENT"): ErrorAnswer => ({ status: 400, body: googleError(400, status, message) });

/** A file id as Google allows it: up to 40 lowercase letters, digits or dashes, not starting or ending with a dash. */
export const VALID_FILE_ID = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** Opaque page tokens: the position after the last item served, so a listing survives items created in between. */
export function pageToken(after: number) {
  return Buffer.from(`after:${after}`).toString("base64url");
}

export function readPageToken(token: string | null): number | null | "invalid" {
  if (!token) return null;
  const match = Buffer.from(token, "base64url").toString().match(/^after:(\d+)$/);
  return match ? Number(match[1]) : "invalid";
}

export function pageSizeOf(url: URL, fallback: number, max: number) {
  const asked = Number(url.searchParams.get("pageSize") ?? url.searchParams.get("page_size") ?? 0);
  return Number.isFinite(asked) && asked > 0 ? Math.min(Math.floor(asked), max) : fallback;
}
