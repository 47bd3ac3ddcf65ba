import type { LoupeError } from "../errors";
import { readPartBytes, streamMultipart } from "./stream-multipart";

/**
 * A form with one small file (a sample image) and text fields, read as a stream: the file named `field` is kept in
 * memory up to maxBytes (past it, `tooLarge` while it streams in), every other file is skipped unread.
 */
export async function readFormFile(
  request: { headers: Headers; body: ReadableStream<Uint8Array> | null },
  options: { field: string; maxBytes: number; tooLarge: (fileName: string) => LoupeError; hint: string },
): Promise<{ file: { bytes: Buffer; name: string } | null; fields: Map<string, string> }> {
  const fields = new Map<string, string>();
  let file: { bytes: Buffer; name: string } | null = null;
  for await (const part of streamMultipart(request, { hint: options.hint, maxFiles: 100 })) {
    if (part.kind === "field") {
      if (!fields.has(part.name)) fields.set(part.name, part.value); // the first, as FormData.get answers
    } else if (part.name === options.field && !file) {
      file = { name: part.fileName, bytes: await readPartBytes(part.stream, options.maxBytes, () => options.tooLarge(part.fileName)) };
    }
  }
  return { file, fields };
}
