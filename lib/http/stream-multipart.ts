import busboy from "busboy";
import { PassThrough, Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { badRequest, LoupeError } from "../errors";

/** One part of a multipart/form-data body, in the order the client sent it. */
export type MultipartPart =
  | { kind: "field"; name: string; value: string }
  | { kind: "file"; name: string; fileName: string; mimeType: string; stream: Readable };

export interface MultipartLimits {
  /** Files per request; one more is a 413 too_many_files. */
  maxFiles?: number;
  /** Text fields per request. */
  maxFields?: number;
  /** Bytes of one text field (a mapping JSON, a template): past it, 413 field_too_large. */
  maxFieldBytes?: number;
  /** What an unreadable body is told (400 invalid_form): which fields the route expects. */
  hint?: string;
}

export const MAX_FORM_FILES = 10_000;
const MAX_FORM_FIELDS = 1_000;
const MAX_FIELD_BYTES = 1024 * 1024;

/**
 * A multipart/form-data body as a stream of parts (busboy): text fields as strings, files as streams read straight from
 * the request, so an upload of any size passes through a few chunks of memory. Each file's stream must be read (or is
 * skipped) before the next part arrives, as the bytes come in that order. Stopping early (an error, a refusal) leaves the
 * rest of the body to be read and dropped, so the client still gets the answer instead of a reset connection.
 */
export async function* streamMultipart(request: { headers: Headers; body: ReadableStream<Uint8Array> | Readable | null }, limits: MultipartLimits = {}): AsyncGenerator<MultipartPart> {
  const hint = limits.hint ?? "send the form as multipart/form-data";
  const invalid = (why: string) => badRequest("invalid_form", `The body is not valid multipart/form-data (${why.replace(/^Multipart: /, "").toLowerCase()}); ${hint}.`);
  const maxFiles = limits.maxFiles ?? MAX_FORM_FILES;
  const maxFieldBytes = limits.maxFieldBytes ?? MAX_FIELD_BYTES;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": request.headers.get("content-type") ?? "" },
      preservePath: true, // a file's name as the client sent it (folders too), as FormData keeps it
      limits: { files: maxFiles, fields: limits.maxFields ?? MAX_FORM_FIELDS, fieldSize: maxFieldBytes },
    });
  } catch (error) {
    throw invalid((error as Error).message);
  }
  const source = request.body instanceof Readable ? request.body : request.body ? Readable.fromWeb(request.body as WebReadableStream<Uint8Array>) : Readable.from([]);
  const queue: MultipartPart[] = [];
  let failure: Error | null = null;
  let closed = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const reading = new Set<PassThrough>();
  const fail = (error: Error) => {
    failure ??= error;
    for (const stream of reading) stream.destroy(failure); // a reader waiting on a file part hears it too
    notify();
  };

  parser.on("field", (name, value, info) => {
    if (info.valueTruncated) return fail(new LoupeError(413, "field_too_large", `The form field \`${name}\` is over ${Math.round(maxFieldBytes / 1024)} KB; send large content as a file.`));
    queue.push({ kind: "field", name, value });
    notify();
  });
  parser.on("file", (name, file, info) => {
    // The part's own stream, so a broken body fails it with the app's error, not busboy's.
    const stream = new PassThrough();
    file.on("error", (error) => stream.destroy(failure ?? invalid(error.message)));
    stream.on("error", () => {}); // the reader sees it; a skipped part must not crash the process
    stream.on("close", () => {
      reading.delete(stream);
      file.resume(); // a reader that stopped early: the rest of the part is dropped, the form goes on
    });
    reading.add(stream);
    file.pipe(stream);
    queue.push({ kind: "file", name, fileName: info.filename ?? "", mimeType: info.mimeType, stream });
    notify();
  });
  parser.on("filesLimit", () => fail(new LoupeError(413, "too_many_files", `The form has more than ${maxFiles.toLocaleString("en")} files; send at most ${maxFiles.toLocaleString("en")} per request (or a ZIP, or a CSV of image URLs).`)));
  parser.on("fieldsLimit", () => fail(new LoupeError(413, "too_many_fields", "The form has too many text fields.")));
  parser.on("error", (error: Error) => fail(invalid(error.message)));
  parser.on("close", () => {
    closed = true;
    notify();
  });
  source.on("error", (error) => fail(error instanceof LoupeError ? error : invalid(error.message)));
  source.pipe(parser);

  let current: MultipartPart | undefined;
  try {
    for (;;) {
      if (failure) throw failure;
      current = queue.shift();
      if (current) {
        yield current;
        if (current.kind === "file" && !current.stream.readableEnded) current.stream.resume(); // not read: skipped
        continue;
      }
      if (closed) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!closed) {
      source.unpipe(parser);
      parser.removeAllListeners().on("error", () => {});
      for (const part of [current, ...queue]) if (part?.kind === "file") part.stream.destroy();
      source.on("error", () => {}).resume(); // the rest of the body, dropped
    }
  }
}

/** The bytes of a file part, refusing (`tooLarge`) past maxBytes while they stream in: a bounded image, never a whole body. */
export async function readPartBytes(stream: Readable, maxBytes: number, tooLarge: () => LoupeError): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      stream.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
