import { describe, expect, it } from "vitest";
import { bodyLength, holdInlineImage, splitInlineImages, writeBody } from "../../lib/gemini/inline-images";

function written(parts: ReturnType<typeof splitInlineImages>) {
  const chunks: Buffer[] = [];
  const write = (chunk: string | Buffer, encoding?: BufferEncoding) => chunks.push(typeof chunk === "string" ? Buffer.from(chunk, encoding) : chunk) > 0;
  writeBody({ write: write as never }, parts);
  return Buffer.concat(chunks);
}

describe("inline images", () => {
  it("splices each held image's base64 into the body in its token's place, and counts the bytes exactly", () => {
    for (const size of [0, 1, 2, 3, 4, 5, 999, 1000, 1001]) {
      const first = holdInlineImage(Buffer.alloc(size, 0xab));
      const second = holdInlineImage(Buffer.from("second image ✓"));
      const body = JSON.stringify({ a: "Größe", images: [first.token, second.token], end: "—" });
      const parts = splitInlineImages(body);
      const expected = body.replace(first.token, Buffer.alloc(size, 0xab).toString("base64")).replace(second.token, Buffer.from("second image ✓").toString("base64"));
      expect(written(parts).toString("utf8")).toBe(expected);
      expect(bodyLength(parts)).toBe(Buffer.byteLength(expected));
      first.release();
      second.release();
    }
  });

  it("leaves a body without tokens as it is, and gives every hold its own token", () => {
    expect(splitInlineImages('{"text":"plain"}')).toEqual(['{"text":"plain"}']);
    const tokens = new Set(Array.from({ length: 50 }, () => holdInlineImage(Buffer.from("x"))).map((held) => (held.release(), held.token)));
    expect(tokens.size).toBe(50);
  });

  it("throws for a token whose image was released", () => {
    const held = holdInlineImage(Buffer.from("x"));
    held.release();
    expect(() => splitInlineImages(JSON.stringify({ data: held.token }))).toThrow("released before the request was sent");
  });
});
