import { request as httpRequest } from "node:http";
import { Readable } from "node:stream";

export interface FormPart {
  name: string;
  /** A file part when given. */
  fileName?: string;
  type?: string;
  data: Buffer | string;
}

/** A multipart/form-data body written part by part as it is read, as curl -F sends it: any size, never whole in memory. */
export async function* multipartBody(boundary: string, parts: Iterable<FormPart> | AsyncIterable<FormPart>, { close = true } = {}): AsyncGenerator<Buffer> {
  for await (const part of parts) {
    const file = part.fileName === undefined ? "" : `; filename="${part.fileName}"\r\nContent-Type: ${part.type ?? "application/octet-stream"}`;
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${file}\r\n\r\n`);
    yield Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data);
    yield Buffer.from("\r\n");
  }
  if (close) yield Buffer.from(`--${boundary}--\r\n`);
}

/** POSTs a streamed body over a real socket (chunked) and answers the status and JSON (or text) body. */
export function postStream(url: string, headers: Record<string, string>, body: AsyncIterable<Buffer>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON: the text */
        }
        resolve({ status: response.statusCode ?? 0, body: parsed });
      });
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    Readable.from(body).pipe(outgoing);
  });
}
