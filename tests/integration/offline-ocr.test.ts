import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTextRecognizer } from "../../lib/image-info/recognize-text";
import { saveTemplate } from "../../lib/templates/save-template";
import { runBatchOnRig, startAnalysisRig } from "../helpers/analysis-rig";

// OCR in the offline analyzer: no Gemini key, the real worker, Tesseract (tesseract.js with the English model from its npm
// package) reading a text image rendered by sharp.

type Rig = Awaited<ReturnType<typeof startAnalysisRig>>;

/** Black text on white, as a label or a sign photographed straight on. */
const textImage = (text: string) =>
  sharp({ text: { text: `<span foreground="black">${text}</span>`, font: "DejaVu Sans Bold", dpi: 300, rgba: true } })
    .flatten({ background: "#ffffff" })
    .extend({ top: 40, bottom: 40, left: 40, right: 40, background: "#ffffff" })
    .png()
    .toBuffer();

describe("the offline analyzer reads text for a template's text fields", () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startAnalysisRig({ keys: {}, prefix: "loupe-offline-ocr-" });
  });
  afterAll(async () => {
    await closeTextRecognizer();
    await rig?.close();
  });

  const run = async (templateId: string, texts: string[]) =>
    runBatchOnRig(rig, templateId, await Promise.all(texts.map(async (text, i) => ({ name: `label-${i}.png`, bytes: await textImage(text), mimeType: "image/png" }))));


  it("the built-in \"Read the text (offline OCR)\" template: text and words from Tesseract, with no Gemini key", async () => {
    const template = await rig.db.analysisTemplate.findUniqueOrThrow({ where: { name: "Read the text (offline OCR)" } });
    const { batch, images } = await run(template.id, ["SPRING CATALOGUE\nLOUPE 2026"]);
    expect(batch.model).toBe("local");
    const [image] = images;
    expect(image.status).toBe("succeeded");
    const result = image.result as { text: string; words: string[]; ocr: { confidence: number }; width: number };
    expect(result.text).toContain("CATALOGUE");
    expect(result.text).toContain("LOUPE");
    expect(result.words).toEqual(expect.arrayContaining(["SPRING", "CATALOGUE", "LOUPE", "2026"]));
    expect(result.ocr.confidence).toBeGreaterThan(0.6);
    // The offline analyzer's own measurements are there too.
    expect(result.width).toBeGreaterThan(0);
    expect(image.templateVersionId).toBe(batch.templateVersionId);
  });

  it("a template of one's own: only its text fields are read (visible_text as a string, ocr_words as words with boxes)", async () => {
    const template = await saveTemplate(rig.db, {
      name: "Shelf labels",
      instructions: "Caption the shelf label and read it.",
      fields: [
        { name: "caption", type: "string" },
        { name: "visible_text", type: "string" },
        { name: "ocr_words", type: "list", items: { name: "word", type: "object", properties: [{ name: "text", type: "string" }, { name: "confidence", type: "number" }] } },
      ],
    }, { createdById: null, choice: { models: rig.config.models, defaultModel: rig.config.GEMINI_MODEL } });
    const { images } = await run(template.id, ["PRICE 4.99"]);
    const result = images[0].result as Record<string, unknown>;
    expect(result.visible_text).toMatch(/PRICE/);
    expect(result.ocr_words).toEqual(expect.arrayContaining([expect.objectContaining({ text: "PRICE", box: expect.objectContaining({ width: expect.any(Number) }) })]));
    expect(result).not.toHaveProperty("caption");
  });
});
