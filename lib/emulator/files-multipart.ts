import type { Readable } from "node:stream";

/** A one-shot multipart upload: the metadata part (JSON, small) read whole, the media part streamed as it arrives. */
export interface MultipartUpload {
  metadata: string;
  mimeType: string | null;
  media: AsyncIterable<Buffer>;
}

const CRLF = Buffer.from("\r\n");
const HEADERS_END = Buffer.from("\r\n\r\n");
const HEAD_LIMIT = 1024 * 1024;

/**
 * Splits a `multipart/related` body (Google's `X-Goog-Upload-Protocol: multipart` / `uploadType=multipart`: metadata,
 * then the bytes) without holding the media in memory: only a delimiter's length is kept back while streaming it.
 */
export async function readMultipart(body: Readable, boundary: string): Promise<MultipartUpload> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The body opens with "--boundary"; a leading CRLF makes every delimiter look the same.
  let buffer = Buffer.from(CRLF);

  async function until(marker: Buffer): Promise<Buffer> {
    let at = buffer.indexOf(marker);
    while (at < 0) {
      const next = await chunks.next();
      if (next.done) throw new Error("The multipart body ended before its parts did.");
      buffer = Buffer.concat([buffer, next.value]);
      if (buffer.length > HEAD_LIMIT) throw new Error("The multipart metadata part is too large.");
      at = buffer.indexOf(marker);
    }
    const head = buffer.subarray(0, at);
    buffer = buffer.subarray(at + marker.length);
    return head;
  }

  await until(delimiter);
  await until(CRLF);
  await until(HEADERS_END);
  const metadata = (await until(delimiter)).toString("utf8");
  await until(CRLF);
  const headers = (await until(HEADERS_END)).toString("latin1");
  const mimeType = headers.match(/^content-type:\s*([^\r\n;]+)/im)?.[1]?.trim() ?? null;

  async function* media() {
    for (;;) {
      const at = buffer.indexOf(delimiter);
      if (at >= 0) {
        yield buffer.subarray(0, at);
        while (!(await chunks.next()).done); // the closing delimiter and epilogue
        return;
      }
      const keep = delimiter.length - 1;
      if (buffer.length > keep) {
        yield buffer.subarray(0, buffer.length - keep);
        buffer = buffer.subarray(buffer.length - keep);
      }
      const next = await chunks.next();
      if (next.done) throw new Error("The multipart body ended before its closing boundary.");
      buffer = Buffer.concat([buffer, next.value]);
    }
  }
  return { metadata, mimeType, media: media() };
}

export function boundaryOf(contentType: string | undefined): string | null {
  return contentType?.match(/boundary=(?:"([^"]+)"|([^;\s]+))/i)?.slice(1).find(Boolean) ?? null;
}
