import { z } from "zod";
import type { Config } from "../config";
import { LoupeError } from "../errors";
import { applyOperations, type TransformedImage } from "./apply-operations";
import { withTransformSlot } from "./limits";
import { operationsDocSchema, type Operation } from "./operations-schema";
import { parseOperations, parseOperationsJson } from "./parse-operations";
import { FILE_EXTENSIONS } from "./output-formats";
import { fetchImageInput, imageUrlSchema, isJson, isMultipart, readJsonBody, readMultipartImage, type ImageInput } from "./read-image-input";

/** POST /transform as JSON (the multipart form has the same two fields: an `image` file and `operations` JSON text). */
export const transformJsonSchema = z.object({ image_url: imageUrlSchema, operations: operationsDocSchema });

export interface TransformOutcome extends TransformedImage {
  /** A file name for the result: the input's, with the new format's extension. */
  fileName: string;
}

const resultName = (input: ImageInput, result: TransformedImage) => `${input.name.replace(/\.[^./]*$/, "") || "image"}.${FILE_EXTENSIONS[result.format]}`;

/** Runs operations (checked by parseOperations) on an image, one of TRANSFORM_CONCURRENCY at a time in this process. */
export async function transformImage(input: ImageInput, operations: Operation[]): Promise<TransformOutcome> {
  const result = await withTransformSlot(() => applyOperations(input.bytes, operations));
  return { ...result, fileName: resultName(input, result) };
}

/** The request's image and operations: multipart (`image`, `operations`) or JSON (`image_url`, `operations`). Operations are checked before a URL is fetched. */
export async function readTransformRequest(request: Request, config: Config): Promise<{ input: ImageInput; operations: Operation[] }> {
  if (isMultipart(request)) {
    const { image, fields } = await readMultipartImage(request, config);
    const text = fields.get("operations");
    return { input: image, operations: parseOperationsJson(typeof text === "string" ? text : null) };
  }
  if (isJson(request)) {
    const body = await readJsonBody(request);
    const url = imageUrlSchema.parse((body as { image_url?: unknown } | null)?.image_url);
    const operations = parseOperations((body as { operations?: unknown }).operations);
    return { input: await fetchImageInput(url, config, request.signal), operations };
  }
  throw new LoupeError(415, "unsupported_media_type", "Send multipart/form-data with an `image` file and an `operations` field, or JSON {\"image_url\": \"https://…\", \"operations\": […]}.");
}

/** The result's headers: its type and size, its name (ASCII, with the UTF-8 name beside it), its pixel size. */
export function transformResponseHeaders(result: TransformOutcome): HeadersInit {
  const ascii = result.fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return {
    "content-type": result.mimeType,
    "content-length": String(result.data.length),
    "content-disposition": `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(result.fileName)}`,
    "cache-control": "no-store",
    "x-image-width": String(result.width),
    "x-image-height": String(result.height),
  };
}
