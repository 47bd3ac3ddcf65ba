import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { startCreatedBatches } from "../../lib/batches/start-created-batches";
import { createBatchesFromRequest } from "../../lib/ingest/create-batches-from-request";
import { uploadsStorage } from "../../lib/storage";
import { saveTemplate } from "../../lib/templates/save-template";
import { startAnalysisRig } from "../helpers/analysis-rig";
import { expectCountersMatchRows, waitForBatchToFinish } from "../helpers/batch-checks";
import { gradientImage, storeImages } from "../helpers/transform-images";

// Transform batches through the real worker (pg-boss), real sharp, real files in content-addressed storage, real
// PostgreSQL, and the Gemini emulator for the transform that runs before an analysis.

type Rig = Awaited<ReturnType<typeof startAnalysisRig>>;
const OPTIONS = () => ({ createdById: null, choice: { models: rig.config.models, defaultModel: rig.config.GEMINI_MODEL } });
let rig: Rig;

async function templateId(name: string) {
  return (await rig.db.analysisTemplate.findUniqueOrThrow({ where: { name } })).id;
}

async function runBatch(body: Parameters<typeof createBatchesFromRequest>[2]) {
  const created = await createBatchesFromRequest(rig.db, rig.config, body);
  await startCreatedBatches(rig.worker.jobs, created);
  const batchId = created.batches[0].id;
  await waitForBatchToFinish(rig.db, batchId);
  await expectCountersMatchRows(rig.db, batchId);
  const images = await rig.db.image.findMany({ where: { batchId }, orderBy: { id: "asc" }, include: { outputs: true } });
  return { batchId, images };
}

describe("transform batches", () => {
  beforeAll(async () => {
    rig = await startAnalysisRig({ keys: { AIzaTransformKey000000000000000000000000: "transform-project" }, prefix: "loupe-transform-batch-" });
  });
  afterAll(async () => rig?.close());

  it("a batch with the built-in web-ready transform makes one 1200 px WebP on white per image, stored by content, with no Gemini call", async () => {
    const storage = uploadsStorage(rig.config.dataDir);
    const inputs = await storeImages(storage, [
      { name: "wide.png", bytes: await gradientImage(2400, 1600, "png", { alpha: true }), mimeType: "image/png" },
      { name: "small.jpg", bytes: await gradientImage(800, 600) },
      { name: "tall.jpg", bytes: await gradientImage(1000, 3000) },
    ]);
    const requestsBefore = rig.emulator.stats().requests;
    const { batchId, images } = await runBatch({ name: "web-ready", images: inputs, templateId: await templateId("Web-ready 1200 px WebP on white") });

    const batch = await rig.db.batch.findUniqueOrThrow({ where: { id: batchId } });
    expect(batch).toMatchObject({ status: "completed", succeededCount: 3, model: "local", engine: "interactive" });
    expect(rig.emulator.stats().requests).toBe(requestsBefore);
    const expected: Record<string, [number, number, number, number]> = { "wide.png": [2400, 1600, 1200, 800], "small.jpg": [800, 600, 800, 600], "tall.jpg": [1000, 3000, 400, 1200] };
    for (const image of images) {
      const [width, height, outWidth, outHeight] = expected[image.name!];
      expect(image, image.name!).toMatchObject({ status: "succeeded", width, height, result: { format: "webp", width: outWidth, height: outHeight } });
      expect(image.outputs).toHaveLength(1);
      const [output] = image.outputs;
      expect(output).toMatchObject({ kind: "transform", generation: 1, position: 0, mimeType: "image/webp", width: outWidth, height: outHeight, reviewStatus: null, batchId });
      const stored = await storage.read(output.sha256);
      expect(stored.length).toBe(output.bytes);
      const decoded = await sharp(stored).metadata();
      expect(decoded).toMatchObject({ format: "webp", width: outWidth, height: outHeight });
      // Flattened on white: no alpha channel, and the transparent corner of the PNG is white.
      expect(decoded.hasAlpha).toBe(false);
      if (image.name === "wide.png") {
        const { data } = await sharp(stored).extract({ left: 2, top: 2, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
        expect([...data].every((channel) => channel > 245)).toBe(true);
      }
    }
  });

  it("an image the operations cannot be applied to, and one that is not an image, fail with a clear error; the others succeed", async () => {
    const template = await saveTemplate(rig.db, { kind: "transform", name: "Corner crop 500", operations: [{ op: "crop", left: 0, top: 0, width: 500, height: 500 }, { op: "format", format: "png" }] }, OPTIONS());
    const storage = uploadsStorage(rig.config.dataDir);
    const inputs = await storeImages(storage, [
      { name: "big.jpg", bytes: await gradientImage(900, 700) },
      { name: "tiny.jpg", bytes: await gradientImage(300, 200) },
      { name: "broken.jpg", bytes: (await gradientImage(900, 700)).subarray(0, 200) },
    ]);
    const { images } = await runBatch({ name: "crop", images: inputs, templateId: template.id });
    const byName = Object.fromEntries(images.map((image) => [image.name, image]));
    expect(byName["big.jpg"]).toMatchObject({ status: "succeeded", result: { format: "png", width: 500, height: 500 } });
    expect(byName["big.jpg"].outputs).toHaveLength(1);
    expect(byName["tiny.jpg"]).toMatchObject({ status: "failed", lastErrorCode: "transform_failed" });
    expect(byName["tiny.jpg"].lastErrorMessage).toMatch(/operations\[0\] \(crop\)|outside|crop/i);
    expect(byName["broken.jpg"].status).toBe("failed");
    expect(byName["broken.jpg"].lastErrorCode).toMatch(/^image_(invalid|unsupported)$/);
    expect(byName["tiny.jpg"].outputs).toHaveLength(0);
    expect(byName["broken.jpg"].outputs).toHaveLength(0);
    // Not retried: the same bytes fail the same way.
    expect(byName["tiny.jpg"].attempts).toBe(1);
  });

  it("a transform before the analysis: the model is sent the transformed image, which is stored as the image's output", async () => {
    const transform = await saveTemplate(rig.db, { kind: "transform", name: "Small WebP 320", operations: [{ op: "resize", width: 320 }, { op: "format", format: "webp" }] }, OPTIONS());
    const storage = uploadsStorage(rig.config.dataDir);
    const inputs = await storeImages(storage, [{ name: "photo-a.jpg", bytes: await gradientImage(1600, 1200) }, { name: "photo-b.jpg", bytes: await gradientImage(1200, 1600) }]);
    const requestsBefore = rig.emulator.stats().requests;
    const { batchId, images } = await runBatch({ name: "prepare then analyse", images: inputs, transformTemplateId: transform.id });
    const batch = await rig.db.batch.findUniqueOrThrow({ where: { id: batchId } });
    expect(batch.transformVersionId).toBe(transform.current!.id);
    expect(batch.engine).toBe("interactive");
    expect(rig.emulator.stats().requests - requestsBefore).toBe(2);
    for (const image of images) {
      const [outWidth, outHeight] = image.name === "photo-a.jpg" ? [320, 240] : [320, 427];
      // The row keeps the original's size; what was sent is the transformed image (under IMAGE_MAX_SIDE, sent as it is made).
      expect(image).toMatchObject({ status: "succeeded", width: image.name === "photo-a.jpg" ? 1600 : 1200, sentWidth: outWidth, sentHeight: outHeight });
      expect(image.result).toHaveProperty("caption");
      expect(image.outputs).toHaveLength(1);
      expect(image.outputs[0]).toMatchObject({ kind: "transform", mimeType: "image/webp", width: outWidth, height: outHeight });
    }
  });

  it("a transform step and the offline analyzer: the analysis describes the transformed image", async () => {
    const storage = uploadsStorage(rig.config.dataDir);
    const inputs = await storeImages(storage, [{ name: "offline.jpg", bytes: await gradientImage(2000, 1000) }]);
    const { images } = await runBatch({ images: inputs, templateId: "local", transformTemplateId: await templateId("Square thumbnail 400 px JPEG") });
    expect(images[0]).toMatchObject({ status: "succeeded", width: 2000, height: 1000, result: { width: 400, height: 400, format: "jpeg" } });
    expect(images[0].outputs[0]).toMatchObject({ mimeType: "image/jpeg", width: 400, height: 400 });
  });

  it("refuses what cannot run: the Batch API with a transform step, a transform step that is not a transform, a transform twice", async () => {
    const storage = uploadsStorage(rig.config.dataDir);
    const inputs = await storeImages(storage, [{ name: "x.jpg", bytes: await gradientImage(100, 100) }]);
    const transformId = await templateId("Web-ready 1200 px WebP on white");
    await expect(createBatchesFromRequest(rig.db, rig.config, { images: inputs, transformTemplateId: transformId, mode: "batch" })).rejects.toMatchObject({ status: 400, code: "transform_needs_interactive" });
    await expect(createBatchesFromRequest(rig.db, rig.config, { images: inputs, transformTemplateId: await templateId("Describe & tag") })).rejects.toMatchObject({ status: 400, code: "not_a_transform_template" });
    await expect(createBatchesFromRequest(rig.db, rig.config, { images: inputs, templateId: transformId, transformTemplateId: transformId })).rejects.toMatchObject({ status: 400, code: "transform_twice" });
  });

  it("transform templates: operations checked as POST /transform checks them, edits make versions, a template keeps its kind", async () => {
    await expect(saveTemplate(rig.db, { kind: "transform", name: "Bad", operations: [{ op: "blur", sigma: 0 }] }, OPTIONS())).rejects.toMatchObject({ status: 400, code: "invalid_operations", message: expect.stringContaining("operations[0].sigma") });
    await expect(saveTemplate(rig.db, { kind: "transform", name: "Bmp", operations: [{ op: "format", format: "bmp" }] }, OPTIONS())).rejects.toMatchObject({ status: 400, message: expect.stringContaining("webp") });
    await expect(saveTemplate(rig.db, { kind: "sculpture", name: "?" }, OPTIONS())).rejects.toMatchObject({ status: 400, code: "invalid_template_kind" });
    const created = await saveTemplate(rig.db, { kind: "transform", name: "Grey", operations: [{ op: "greyscale" }] }, OPTIONS());
    expect(created).toMatchObject({ kind: "transform", currentVersion: 1, current: { operations: [{ op: "grayscale" }], fields: [] } });
    const edited = await saveTemplate(rig.db, { kind: "transform", name: "Grey", operations: [{ op: "grayscale" }, { op: "format", format: "png" }] }, OPTIONS(), created.id);
    expect(edited).toMatchObject({ currentVersion: 2, current: { operations: [{ op: "grayscale" }, { op: "format", format: "png" }] } });
    await expect(saveTemplate(rig.db, { name: "Grey", instructions: "Caption it.", fields: [{ name: "caption", type: "string" }] }, OPTIONS(), created.id)).rejects.toMatchObject({ status: 400, code: "template_kind_mismatch" });
    await expect(saveTemplate(rig.db, { kind: "transform", name: "Describe & tag", operations: [{ op: "flip" }] }, OPTIONS(), await templateId("Describe & tag"))).rejects.toMatchObject({ status: 400, code: "template_kind_mismatch" });
  });
});
