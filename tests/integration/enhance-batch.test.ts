import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCreatedBatches } from "../../lib/batches/start-created-batches";
import { createBatchesFromRequest } from "../../lib/ingest/create-batches-from-request";
import { uploadsStorage } from "../../lib/storage";
import { saveTemplate } from "../../lib/templates/save-template";
import { startAnalysisRig } from "../helpers/analysis-rig";
import { expectCountersMatchRows, waitForBatchToFinish } from "../helpers/batch-checks";
import { gradientImage, storeImages } from "../helpers/transform-images";

// Enhance batches through the real worker (pg-boss), the Gemini emulator's image model, real files in content-addressed
// storage and real PostgreSQL.
type Rig = Awaited<ReturnType<typeof startAnalysisRig>>;
let rig: Rig;
const OPTIONS = () => ({ createdById: null, choice: { models: rig.config.models, defaultModel: rig.config.GEMINI_MODEL } });

async function runBatch(body: Parameters<typeof createBatchesFromRequest>[2]) {
  const created = await createBatchesFromRequest(rig.db, rig.config, body);
  await startCreatedBatches(rig.worker.jobs, created);
  const batchId = created.batches[0].id;
  await waitForBatchToFinish(rig.db, batchId);
  await expectCountersMatchRows(rig.db, batchId);
  const images = await rig.db.image.findMany({ where: { batchId }, orderBy: { id: "asc" }, include: { outputs: { orderBy: { position: "asc" } } } });
  return { batchId, images };
}

describe("enhance batches", () => {
  beforeAll(async () => {
    rig = await startAnalysisRig({ keys: { AIzaEnhanceKey0000000000000000000000001: "enhance-project" }, prefix: "loupe-enhance-batch-" });
  });
  afterAll(async () => rig?.close());

  it("makes N variants per product from the image model, each stored once by content; the product waits for review; image safety blocks once", async () => {
    const template = await saveTemplate(rig.db, { kind: "enhance", name: "On white ×2", instructions: "The product alone on a pure white background, soft shadow.", variants: 2, aspectRatio: "1:1" }, OPTIONS());
    expect(template.current).toMatchObject({ variants: 2, aspectRatio: "1:1", model: "gemini-2.5-flash-image" });
    const storage = uploadsStorage(rig.config.dataDir);
    const inputs = await storeImages(storage, [
      { name: "mug.jpg", bytes: await gradientImage(1200, 900) },
      { name: "lamp.jpg", bytes: await gradientImage(800, 1000) },
    ]);
    const before = rig.emulator.stats();
    const { batchId, images } = await runBatch({ name: "catalogue", images: inputs, templateId: template.id });
    const batch = await rig.db.batch.findUniqueOrThrow({ where: { id: batchId } });
    expect(batch).toMatchObject({ status: "completed", succeededCount: 2, failedCount: 0, model: "gemini-2.5-flash-image", engine: "interactive" });
    // One call per variant.
    expect(rig.emulator.stats().requests - before.requests).toBe(4);
    expect(rig.emulator.stats().images - before.images).toBe(4);

    const [mug, lamp] = images;
    for (const product of [mug, lamp]) {
      expect(product).toMatchObject({ status: "succeeded", productStatus: "pending_review", result: { variants: 2, generation: 1, model: "gemini-2.5-flash-image" } });
      expect(product.outputs.map((output) => [output.kind, output.generation, output.position, output.reviewStatus])).toEqual([["variant", 1, 1, "pending"], ["variant", 1, 2, "pending"]]);
      for (const output of product.outputs) {
        const stored = await storage.read(output.sha256);
        expect(await sharp(stored).metadata()).toMatchObject({ format: "png", width: 1024, height: 1024 });
        expect(output).toMatchObject({ mimeType: "image/png", width: 1024, height: 1024, bytes: stored.length, outputTokens: 1290 });
        expect(output.costMicros).toBeGreaterThan(38_700);
      }
      expect(product.outputs[0].sha256).not.toBe(product.outputs[1].sha256);
      // The product's cost is its variants'; the batch's its products'.
      expect(product.costMicros).toBe(product.outputs.reduce((sum, output) => sum + output.costMicros, 0));
      expect(product.outputTokens).toBe(2 * 1290);
    }
    expect(Number(batch.costMicros)).toBe(mug.costMicros + lamp.costMicros);

    // Google's image safety refuses a product: blocked with the reason, after one call (not retried).
    rig.emulator.configure({ faults: { projects: { "enhance-project": "image-safety" } } });
    const refused = await runBatch({ name: "refused", images: await storeImages(storage, [{ name: "unsafe.jpg", bytes: await gradientImage(900, 700) }]), templateId: template.id }).finally(() => rig.emulator.configure({ faults: undefined }));
    expect(rig.emulator.stats().requests - before.requests).toBe(5);
    const [unsafe] = refused.images;
    expect(unsafe).toMatchObject({ status: "failed", productStatus: "blocked", lastErrorCode: "blocked" });
    expect(unsafe.lastErrorMessage).toContain("IMAGE_SAFETY");
    expect(unsafe.outputs).toHaveLength(0);
  });

  it("refuses the Batch API mode for an enhance batch with a clear 400", async () => {
    const template = await rig.db.analysisTemplate.findUniqueOrThrow({ where: { name: "Product on white" } });
    await expect(createBatchesFromRequest(rig.db, rig.config, { urls: ["https://example.com/a.jpg"], templateId: template.id, mode: "batch" })).rejects.toMatchObject({ status: 400, code: "enhance_needs_interactive" });
  });
});
