import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { expect, test } from "@playwright/test";

// The face detector in the built server (next build → next start): the worker thread finds @vladmandic/face-api and
// TensorFlow.js's WebAssembly backend in node_modules, outside the bundle, and answers with no network and no Gemini.
const demo = path.join(path.dirname(createRequire(import.meta.url).resolve("@vladmandic/face-api/package.json")), "demo");
const photo = (n: number) => ({ name: `sample${n}.jpg`, mimeType: "image/jpeg", buffer: readFileSync(path.join(demo, `sample${n}.jpg`)) });

test("faces offline in the built server: image-info faces=1 and the offline analyzer's detected_objects", async ({ request }) => {
  // Three women at a party, counted by eye.
  const info = await request.post("/api/v1/image-info?faces=1", { multipart: { image: photo(1) } });
  expect(info.status(), await info.text()).toBe(200);
  const { faces, faceDetection } = (await info.json()) as { faces: { box: Record<"x" | "y" | "width" | "height", number>; confidence: number }[]; faceDetection: { durationMs: number } };
  expect(faces).toHaveLength(3);
  expect(faces.every((face) => face.confidence >= 0.5 && face.box.x + face.box.width <= 1)).toBe(true);
  expect(faceDetection.durationMs).toBeGreaterThan(0);

  // Four friends by a window: the seed 002 analysis with the offline analyzer names each a face.
  const analysed = await request.post("/api/v1/analyze/upload", { multipart: { image: photo(6), templateId: "local" } });
  expect(analysed.status(), await analysed.text()).toBe(200);
  const answer = (await analysed.json()) as { detected_objects: { name: string }[]; model: string };
  expect(answer.model).toBe("local");
  expect(answer.detected_objects.map((object) => object.name)).toEqual(["face", "face", "face", "face"]);
});
