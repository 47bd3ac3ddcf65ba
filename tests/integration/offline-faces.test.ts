import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeFaceDetector } from "../../lib/image-info/detect-faces";
import { saveTemplate } from "../../lib/templates/save-template";
import { runBatchOnRig, startAnalysisRig } from "../helpers/analysis-rig";

// Faces in the offline analyzer: no Gemini key, the real worker, @vladmandic/face-api's detector (weights from its npm
// package, TensorFlow.js WebAssembly) on the package's own sample photos.

type Rig = Awaited<ReturnType<typeof startAnalysisRig>>;

const demo = path.join(path.dirname(createRequire(import.meta.url).resolve("@vladmandic/face-api/package.json")), "demo");
const photo = (n: number) => ({ name: `sample${n}.jpg`, bytes: readFileSync(path.join(demo, `sample${n}.jpg`)), mimeType: "image/jpeg" });
/** A plain studio backdrop: a soft grey gradient, no one in it. */
const backdrop = async () => ({
  name: "backdrop.png",
  bytes: await sharp(Buffer.from(Array.from({ length: 400 * 300 }, (_, i) => 90 + Math.round(((i % 400) / 400) * 120))), { raw: { width: 400, height: 300, channels: 1 } }).png().toBuffer(),
  mimeType: "image/png",
});

describe("the offline analyzer finds faces for a template's face fields", () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startAnalysisRig({ keys: {}, prefix: "loupe-offline-faces-" });
  });
  afterAll(async () => {
    await closeFaceDetector();
    await rig?.close();
  });

  const run = (templateId: string, inputs: { name: string; bytes: Buffer; mimeType: string }[]) => runBatchOnRig(rig, templateId, inputs, "name");


  it('the built-in "Find faces (offline)" template: each face with its box, the count and has_faces, with no Gemini key', async () => {
    const template = await rig.db.analysisTemplate.findUniqueOrThrow({ where: { name: "Find faces (offline)" } });
    const { batch, images } = await run(template.id, [photo(1), photo(5), await backdrop()]);
    expect(batch.model).toBe("local");
    expect(images.map((image) => image.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    const [backdropResult, sample1, sample5] = images.map((image) => image.result as { faces: { label: string; confidence: number; box: number[] }[]; face_count: number; has_faces: boolean; width: number; faceDetection: { durationMs: number } });
    expect(sample1.face_count).toBe(3);
    expect(sample1.has_faces).toBe(true);
    expect(sample1.faces).toHaveLength(3);
    for (const face of sample1.faces) {
      expect(face.label).toBe("face");
      expect(face.confidence).toBeGreaterThan(0.5);
      // Stored as every result's boxes are: [ymin, xmin, ymax, xmax] on 0–1, so the image drawer draws them.
      const [ymin, xmin, ymax, xmax] = face.box;
      expect(0 <= ymin && ymin < ymax && ymax <= 1 && 0 <= xmin && xmin < xmax && xmax <= 1, JSON.stringify(face.box)).toBe(true);
    }
    expect(sample5.face_count).toBe(5);
    expect(backdropResult).toMatchObject({ faces: [], face_count: 0, has_faces: false });
    // The offline analyzer's own measurements are there too.
    expect(sample1.width).toBe(1920);
    expect(sample1.faceDetection.durationMs).toBeGreaterThan(0);
  });

  it("a template of one's own: people_count, hasPeople and a list of bare boxes are answered; a caption is not", async () => {
    const template = await saveTemplate(rig.db, {
      name: "Team photos",
      instructions: "Caption the team photo and count the people.",
      fields: [
        { name: "caption", type: "string" },
        { name: "people_count", type: "integer" },
        { name: "hasPeople", type: "boolean" },
        { name: "face_boxes", type: "list", items: { name: "box", type: "list", items: { name: "coordinate", type: "number" } } },
      ],
    }, { createdById: null, choice: { models: rig.config.models, defaultModel: rig.config.GEMINI_MODEL } });
    const { images } = await run(template.id, [photo(4)]);
    const result = images[0].result as Record<string, unknown>;
    expect(result.people_count).toBe(4);
    expect(result.hasPeople).toBe(true);
    expect(result.face_boxes).toHaveLength(4);
    expect((result.face_boxes as number[][])[0]).toHaveLength(4);
    expect(result).not.toHaveProperty("caption");
  });
});
