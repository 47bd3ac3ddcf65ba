import type { TemplateField } from "./schemas";

/** A field that asks for the text in the image (text, ocr, visible_text, ocr_text, words…): OCR answers it offline. */
export const isTextField = (field: Pick<TemplateField, "name">) => /(^|_)(text|ocr)($|_)/i.test(field.name) || /^words$/i.test(field.name);

/** Whether the offline analyzer (no Gemini key) fills some of a template's fields: it reads text with OCR. */
export const answersOffline = (fields: TemplateField[]) => fields.some(isTextField);
