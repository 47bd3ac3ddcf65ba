import { recognizeText } from "../image-info/recognize-text";
import { isTextField } from "../templates/offline-fields";
import type { TemplateField } from "../templates/schemas";

/**
 * The offline analyzer's answer to a template's text fields: Tesseract (tesseract.js, English model from its npm package)
 * reads the image once; a string field gets the text, a list field the words (objects when its items are objects, with
 * each word's confidence and box). Nothing when the template asks for no text.
 */
export async function fillTextFields(bytes: Buffer, fields: TemplateField[]): Promise<Record<string, unknown>> {
  const wanted = fields.filter(isTextField);
  if (!wanted.length) return {};
  const read = await recognizeText(bytes);
  const answer: Record<string, unknown> = { ocr: { confidence: read.confidence, words: read.words.length, durationMs: read.durationMs } };
  for (const field of wanted) {
    if (field.type === "list") answer[field.name] = field.items?.type === "object" ? read.words : read.words.map((word) => word.text);
    else answer[field.name] = read.text;
  }
  return answer;
}
