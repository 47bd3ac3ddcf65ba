import { randomUUID } from "node:crypto";
import type { Writable } from "node:stream";

/**
 * Images travel through the SDK as tokens, and httpFetch writes each one's base64 where its token is in the JSON body.
 * Why: the SDK keeps its request (the image's base64, ~50 KB, and the JSON body holding it again) alive for the whole
 * call, 150–600 ms, so a busy server's young generation promoted both at every burst of calls, and most of its garbage
 * collection was copying and then marking them. Now the base64 lives only while it is written to the socket.
 */
const TOKEN_PREFIX = `loupe-inline-image-${randomUUID()}-`;
const held = new Map<string, Buffer>();
let counter = 0;

/** A token to give the SDK as the image's `data`; release it once the call has ended. */
export function holdInlineImage(bytes: Buffer): { token: string; release: () => void } {
  const token = `${TOKEN_PREFIX}${(counter++).toString(36)}`;
  held.set(token, bytes);
  return { token, release: () => held.delete(token) };
}

/** A request body in pieces: text, raw bytes, and held images to write as base64 where their tokens were. */
export type BodyPart = string | Buffer | { image: Buffer };

export function splitInlineImages(body: string): BodyPart[] {
  const parts: BodyPart[] = [];
  let from = 0;
  for (let at = body.indexOf(TOKEN_PREFIX); at !== -1; at = body.indexOf(TOKEN_PREFIX, from)) {
    // A token is the prefix and a base-36 counter, ended by the JSON string's closing quote.
    const end = body.indexOf('"', at);
    const token = body.slice(at, end === -1 ? body.length : end);
    const bytes = held.get(token);
    if (!bytes) throw new Error("An image of this Gemini request was released before the request was sent.");
    if (at > from) parts.push(body.slice(from, at));
    parts.push({ image: bytes });
    from = at + token.length;
  }
  if (from < body.length) parts.push(body.slice(from));
  return parts;
}

/** Bytes on the wire: text as UTF-8, images as their base64 (padded, 4 characters per 3 bytes). */
export function bodyLength(parts: BodyPart[]): number {
  return parts.reduce((sum, part) => sum + (typeof part === "string" ? Buffer.byteLength(part) : Buffer.isBuffer(part) ? part.length : Math.ceil(part.image.length / 3) * 4), 0);
}

/** Writes the pieces in order; an image's base64 is made here and is garbage as soon as the socket has it. */
export function writeBody(target: Pick<Writable, "write">, parts: BodyPart[]) {
  for (const part of parts) {
    if (typeof part === "string") target.write(part, "utf8");
    else if (Buffer.isBuffer(part)) target.write(part);
    else target.write(part.image.toString("base64"), "latin1");
  }
}
