import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { closeFaceDetector, detectFaces, faceDetectorTensors } from "../../lib/image-info/detect-faces";

// The offline face detector on real photos: @vladmandic/face-api's SSD MobileNet v1 (weights from its npm package) on
// TensorFlow.js's WebAssembly backend, in its worker thread. No network, no Gemini.

const demo = path.join(path.dirname(createRequire(import.meta.url).resolve("@vladmandic/face-api/package.json")), "demo");
const sample = (n: number) => readFileSync(path.join(demo, `sample${n}.jpg`));

// Counted by eye on the package's sample photos (group shots of 3 to 5 people, every face turned towards the camera or
// half-turned, none hidden). The detector finds exactly these at its 0.5 threshold; a tolerance of ±1 leaves room for a
// future model or TensorFlow.js release scoring one borderline face (sample 3's third face scores ~0.62) either side.
const FACES_BY_EYE: Record<number, number> = { 1: 3, 2: 3, 3: 3, 4: 4, 5: 5, 6: 4 };

/** A smooth colour gradient: no face, nothing face-like. */
const gradient = () =>
  sharp(Buffer.from(Array.from({ length: 320 * 240 }, (_, i) => [Math.round(((i % 320) / 320) * 255), Math.round((Math.floor(i / 320) / 240) * 255), 128]).flat()), { raw: { width: 320, height: 240, channels: 3 } })
    .jpeg()
    .toBuffer();

describe("detectFaces", () => {
  afterAll(async () => {
    await closeFaceDetector();
  });

  it.each(Object.entries(FACES_BY_EYE))("sample%s.jpg: the faces one sees, each a box inside the image with a confidence", async (n, expected) => {
    const { faces, durationMs } = await detectFaces(sample(Number(n)));
    expect(faces.length).toBeGreaterThanOrEqual(expected - 1);
    expect(faces.length).toBeLessThanOrEqual(expected + 1);
    for (const { box, confidence } of faces) {
      expect(confidence).toBeGreaterThanOrEqual(0.5);
      expect(confidence).toBeLessThanOrEqual(1);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(1.0001);
      expect(box.y + box.height).toBeLessThanOrEqual(1.0001);
      // A face in a group shot: a few percent of the width, not a sliver and not the whole frame.
      expect(box.width).toBeGreaterThan(0.03);
      expect(box.width).toBeLessThan(0.4);
    }
    // Left to right.
    expect(faces.map((face) => face.box.x)).toEqual([...faces.map((face) => face.box.x)].sort((a, b) => a - b));
    expect(durationMs).toBeGreaterThan(0);
  });

  it("sample1.jpg's faces are where the three women's heads are: left, middle and right thirds, in the upper half", async () => {
    const { faces } = await detectFaces(sample(1));
    expect(faces).toHaveLength(3);
    const centres = faces.map(({ box }) => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 }));
    expect(centres[0].x).toBeLessThan(1 / 3);
    expect(centres[1].x).toBeGreaterThan(1 / 3);
    expect(centres[1].x).toBeLessThan(2 / 3);
    expect(centres[2].x).toBeGreaterThan(2 / 3);
    for (const centre of centres) expect(centre.y).toBeLessThan(0.5);
  });

  it("a gradient has no face", async () => {
    expect((await detectFaces(await gradient())).faces).toEqual([]);
  });

  it("the same photo turned 90° by EXIF is read upright: the same number of faces", async () => {
    const photo = sample(5);
    const turned = await sharp(photo).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect((await detectFaces(turned)).faces).toHaveLength(FACES_BY_EYE[5]);
  });

  it("TensorFlow.js memory stays flat: no tensor is left behind from call to call", async () => {
    await detectFaces(sample(2));
    const before = await faceDetectorTensors();
    for (const n of [3, 4, 6]) await detectFaces(sample(n));
    await detectFaces(await gradient());
    expect(await faceDetectorTensors()).toBe(before);
  });

  it("several callers at once are answered one after another, each with its own photo's faces", async () => {
    const answers = await Promise.all([4, 5, 6].map((n) => detectFaces(sample(n))));
    expect(answers.map((answer) => answer.faces.length)).toEqual([FACES_BY_EYE[4], FACES_BY_EYE[5], FACES_BY_EYE[6]]);
  });

  it("the server's event loop keeps turning while a photo is searched (the model runs in a worker thread)", async () => {
    await detectFaces(sample(3));
    let longestStall = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestStall = Math.max(longestStall, now - last);
      last = now;
    }, 5);
    const { durationMs } = await detectFaces(sample(3));
    clearInterval(ticker);
    // On the main thread the model would hold the loop for nearly the whole detection.
    expect(longestStall).toBeLessThan(durationMs / 2);
  });

  it("a file that is not an image is refused (image_unsupported), and the detector keeps working", async () => {
    await expect(detectFaces(Buffer.from("not a photo"))).rejects.toMatchObject({ code: "image_unsupported" });
    expect((await detectFaces(sample(1))).faces).toHaveLength(3);
  });
});
