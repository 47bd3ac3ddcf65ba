import { randomBytes } from "node:crypto";
import { Readable, Writable } from "node:stream";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { ZipWriter } from "../../lib/export/zip-writer";
import { compressionMethods, unzip } from "../helpers/unzip";

// The ZIP writer behind XLSX and output-ZIP exports, read back by two independent readers: yauzl (sizes checked) and
// JSZip (every entry's CRC-32 checked).

function collector() {
  const chunks: Buffer[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk), done()) });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

describe("ZipWriter", () => {
  it("stored and deflated entries, from strings, Buffers and streams, round-trip byte for byte with their CRCs", async () => {
    const photo = randomBytes(3 * 1048576 + 17);
    const text = "id,caption\r\n" + Array.from({ length: 50_000 }, (_, n) => `${n},"ünïcødé 🎉 caption ${n}"\r\n`).join("");
    const { sink, bytes } = collector();
    const zip = new ZipWriter(sink);
    await zip.add("photos/été 1.jpg", Readable.from([photo.subarray(0, 1000), photo.subarray(1000)]), { level: 0 });
    await zip.add("manifest.csv", [text]);
    await zip.add("empty.txt", []);
    await zip.add("pieces.txt", (async function* () { yield "a"; yield Buffer.from("b"); yield "ç"; })());
    await zip.finish();

    const files = await unzip(bytes());
    expect([...files.keys()]).toEqual(["photos/été 1.jpg", "manifest.csv", "empty.txt", "pieces.txt"]);
    expect(files.get("photos/été 1.jpg")!.equals(photo)).toBe(true);
    expect(files.get("manifest.csv")!.toString("utf8")).toBe(text);
    expect(files.get("empty.txt")!.length).toBe(0);
    expect(files.get("pieces.txt")!.toString("utf8")).toBe("abç");
    // The photo is stored, the rest deflated (the text to a fraction of its size).
    expect(await compressionMethods(bytes())).toEqual({ "photos/été 1.jpg": 0, "manifest.csv": 8, "empty.txt": 8, "pieces.txt": 8 });
    expect(bytes().length).toBeLessThan(photo.length + text.length / 4);
    const checked = await JSZip.loadAsync(bytes(), { checkCRC32: true });
    expect((await checked.file("photos/été 1.jpg")!.async("nodebuffer")).equals(photo)).toBe(true);
    expect(await checked.file("manifest.csv")!.async("string")).toBe(text);
  });

  it("a consumer that does not read stops the reading of the entry's source (back-pressure), and it all arrives once it reads", async () => {
    let taken = 0;
    const source = (async function* () {
      for (let n = 0; n < 320; n++) {
        taken += 65_536;
        yield randomBytes(65_536);
      }
    })();
    const chunks: Buffer[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sink = new Writable({ highWaterMark: 65_536, write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk), gate.then(() => done())) });
    const zip = new ZipWriter(sink, { level: 0 });
    const added = zip.add("big.bin", source);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // 20 MB offered; only what fits in the streams' buffers is read while the consumer holds back.
    expect(taken).toBeLessThan(2 * 1048576);
    release();
    await added;
    await zip.finish();
    expect((await unzip(Buffer.concat(chunks))).get("big.bin")!.length).toBe(320 * 65_536);
  });

  it("a reader that goes away fails the entry being written and stops reading its source", async () => {
    let taken = 0;
    let closed = false;
    const source = new Readable({
      read() {
        taken += 65_536;
        this.push(randomBytes(65_536));
      },
      destroy(error, done) {
        closed = true;
        done(error);
      },
    });
    const sink = new Writable({ write: (_chunk, _encoding, done) => setTimeout(done, 5) });
    const zip = new ZipWriter(sink, { level: 0 });
    const added = zip.add("endless.bin", source);
    setTimeout(() => sink.destroy(), 100);
    await expect(added).rejects.toThrow("The export's reader went away.");
    expect(closed).toBe(true);
    const after = taken;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(taken).toBe(after);
    await expect(zip.add("later.txt", ["x"])).rejects.toThrow("went away");
  });

  it("a source that fails fails its entry", async () => {
    const { sink } = collector();
    const zip = new ZipWriter(sink);
    const failing = (async function* () {
      yield "start";
      throw new Error("storage read failed");
    })();
    await expect(zip.add("broken.txt", failing)).rejects.toThrow("storage read failed");
  });
});
