import { z } from "zod";
import type { Config } from "../config";
import { AnalysisError, badRequest, LoupeError } from "../errors";
import { fetchImage } from "../fetch-image/fetch-image";
import { sniffImageType } from "../fetch-image/sniff-image-type";
import { readFormFile } from "../http/read-form-file";

/** How an image reaches an image operation: a multipart `image` file, or an `image_url` fetched SSRF-safely. */
export interface ImageInput {
  bytes: Buffer;
  mimeType: string;
  /** The file's name, or the URL's last path segment. */
  name: string;
}

const MB = 1024 * 1024;
// Room in a multipart body for its boundaries and the other (text) fields.
const FORM_OVERHEAD = MB;
const READABLE = "JPEG, PNG, WebP, GIF, AVIF, TIFF or HEIC";

export const isMultipart = (request: Request) => (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
export const isJson = (request: Request) => /^application\/(?:[\w.+-]+\+)?json\b/i.test(request.headers.get("content-type") ?? "");

const tooLarge = (config: Config, what = "The image") => new LoupeError(413, "image_too_large", `${what} is over the ${config.MAX_UPLOAD_MB} MB limit (MAX_UPLOAD_MB).`);

/** The request body, refusing (413) past `maxBytes` while it streams in, whatever Content-Length said. */
function boundedBody(request: Request, maxBytes: number, refuse: () => LoupeError): { body: ReadableStream<Uint8Array> | null; refused: () => LoupeError | null } {
  let received = 0;
  let refusal: LoupeError | null = null;
  const body = request.body?.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > maxBytes) controller.error((refusal = refuse()));
        else controller.enqueue(chunk);
      },
    }),
  );
  return { body: body ?? null, refused: () => refusal };
}

function checkImage(bytes: Buffer, name: string): ImageInput {
  if (bytes.length === 0) throw badRequest("image_empty", `${name} is empty (0 bytes).`);
  const mimeType = sniffImageType(bytes);
  if (!mimeType) throw new LoupeError(415, "image_unsupported", `${name} is not an image Loupe can read (${READABLE}).`);
  return { bytes, mimeType, name };
}

/** multipart/form-data with an `image` file (read as a stream, refused past MAX_UPLOAD_MB as it arrives); answers the image and the form's text fields. */
export async function readMultipartImage(request: Request, config: Config): Promise<{ image: ImageInput; fields: Map<string, string> }> {
  const maxBytes = config.MAX_UPLOAD_MB * MB;
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes + FORM_OVERHEAD) throw tooLarge(config, "The upload");
  const { body } = boundedBody(request, maxBytes + FORM_OVERHEAD, () => tooLarge(config, "The upload"));
  const { file, fields } = await readFormFile(
    { headers: request.headers, body },
    { field: "image", maxBytes, tooLarge: (name) => tooLarge(config, name || "The image"), hint: "send the image as a file field named `image`" },
  );
  if (!file) throw badRequest("image_missing", "Send the image as a file field named `image` (multipart/form-data).");
  return { image: checkImage(file.bytes, file.name || "image"), fields };
}

/** A small JSON body (operations and a URL), read with a cap so an endless body cannot fill memory. */
export async function readJsonBody(request: Request, maxBytes = MB): Promise<unknown> {
  const { body, refused } = boundedBody(request, maxBytes, () => new LoupeError(413, "body_too_large", `The JSON body is over ${Math.round(maxBytes / 1024)} KB; send images as multipart/form-data files.`));
  const text = await new Response(body).text().catch((error) => {
    throw refused() ?? error;
  });
  if (!text.trim()) throw badRequest("invalid_json", "The request body is empty; send JSON.");
  return JSON.parse(text);
}

export const imageUrlSchema = z
  .string({ error: "image_url is required: the http(s) address of the image" })
  .trim()
  .url({ error: "image_url must be a full http(s) URL such as https://example.com/photo.jpg" })
  .refine((value) => /^https?:\/\//i.test(value), { error: "image_url must be an http or https URL" });

// Why a fetch failed → what the caller is told: their URL's fault (4xx) or the far host's (502).
const FETCH_STATUS: Partial<Record<AnalysisError["code"], number>> = { image_refused: 400, image_not_found: 422, image_too_large: 413, image_unsupported: 415, image_unreachable: 502 };

/** Fetches `url` as analysis does (SSRF checks on every hop, FETCH_ALLOWLIST, MAX_UPLOAD_MB, FETCH_TIMEOUT_MS). */
export async function fetchImageInput(url: string, config: Config, signal?: AbortSignal): Promise<ImageInput> {
  try {
    const fetched = await fetchImage(url, {
      allowlist: config.FETCH_ALLOWLIST,
      maxBytes: config.MAX_UPLOAD_MB * MB,
      totalTimeoutMs: config.FETCH_TIMEOUT_MS,
      connectTimeoutMs: Math.min(10_000, config.FETCH_TIMEOUT_MS),
      signal,
    });
    const name = decodeURIComponent(new URL(fetched.finalUrl).pathname.split("/").pop() || "image");
    return checkImage(fetched.bytes, name);
  } catch (error) {
    if (error instanceof AnalysisError) throw new LoupeError(FETCH_STATUS[error.code] ?? 422, error.code === "image_refused" ? "image_url_refused" : error.code, error.message);
    throw error;
  }
}
