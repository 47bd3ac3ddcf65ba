import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, type ReadStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { finished } from "node:stream/promises";
import { pipeline, Readable, Transform } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { LoupeError } from "../errors";
import { streamMultipart } from "../http/stream-multipart";
import { isDiskFull, storageFullError } from "../storage/storage-quota";

/** A request body kept in a file while it is answered, and what makes it "the same request" as another. */
export interface SpooledRequest {
  hash: string;
  /** The request again, its body read from the file. */
  replay(): Request;
  discard(): Promise<void>;
}

/**
 * Writes the body to a file in `dir` as it streams in, hashing it on the way (never whole in memory): path, query and
 * body; a multipart body part by part (names, file names, bytes), so the same `curl -F …` sent twice, with two different
 * boundaries, hashes the same. Past maxBytes: 413 while it streams.
 */
export async function spoolRequest(request: Request, dir: string, maxBytes: number): Promise<SpooledRequest> {
  const tooLarge = () => new LoupeError(413, "idempotent_body_too_large", `Idempotency-Key is honoured for request bodies up to ${Math.round(maxBytes / 1048576)} MB; send larger uploads without it.`);
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `idempotent-${randomBytes(12).toString("hex")}.body`);
  let reader: ReadStream | null = null;
  const discard = async () => {
    reader?.destroy(); // a handler that never read its body leaves no open file behind
    await rm(file, { force: true });
  };
  const url = new URL(request.url);
  const hash = createHash("sha256").update(`${request.method} ${url.pathname}${url.search}\n`);
  const type = request.headers.get("content-type") ?? "";
  const out = createWriteStream(file, { highWaterMark: 4 * 1024 * 1024 }); // writes overlap the parsing instead of waiting on each
  let size = 0;
  const spool = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(tooLarge());
      if (out.write(chunk)) done(null, chunk);
      else out.once("drain", () => done(null, chunk));
    },
  });
  out.on("error", (error) => spool.destroy(error));
  const source = request.body ? Readable.fromWeb(request.body as WebReadableStream<Uint8Array>) : Readable.from([]);
  const body = pipeline(source, spool, () => {});
  try {
    if (type.startsWith("multipart/form-data")) {
      for await (const part of streamMultipart({ headers: request.headers, body })) {
        hash.update(`\0${part.name}\0`);
        if (part.kind === "field") hash.update(`s\0${part.value}`);
        else {
          hash.update(`f\0${part.fileName}\0`);
          for await (const chunk of part.stream) hash.update(chunk as Buffer);
        }
      }
      await finished(body); // bytes past the closing boundary are spooled too
    } else {
      hash.update(`${type.split(";")[0]}\n`);
      for await (const chunk of body) hash.update(chunk as Buffer);
    }
    out.end();
    await finished(out);
  } catch (error) {
    out.destroy();
    await discard();
    throw isDiskFull(error) ? storageFullError() : error;
  }
  return {
    hash: hash.digest("hex"),
    replay: () =>
      new Request(request.url, {
        method: request.method,
        headers: request.headers,
        body: Readable.toWeb((reader = createReadStream(file, { highWaterMark: 1024 * 1024 }))) as ReadableStream<Uint8Array>,
        duplex: "half",
      } as RequestInit),
    discard,
  };
}
