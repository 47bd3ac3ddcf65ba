import type { TemplateField } from "./schemas";

/** A field that asks for the text in the image (text, ocr, visible_text, ocr_text, words…): OCR answers it offline. */
export const isTextField = (field: Pick<TemplateField, "name">) => /(^|_)(text|ocr)($|_)/i.test(field.name) || /^words$/i.test(field.name);

/** The words of a field's name: `faceCount`, `face-count` and `face_count` all read as face, count. */
const wordsOf = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
const FACE_WORDS = new Set(["face", "faces", "people", "person", "persons"]);
const COUNT_WORDS = new Set(["count", "number", "num", "total", "n"]);

/**
 * What the face detector can answer for a field whose name speaks of faces or people: a list (faces, detected_faces,
 * people) gets the faces with their boxes, a number (face_count, number_of_people, faces) how many, a boolean (has_faces,
 * contains_people) whether there is any. Null for any other field, and for a face field it cannot answer (a description).
 */
export function faceFieldKind(field: Pick<TemplateField, "name" | "type" | "items">): "list" | "count" | "presence" | null {
  const words = wordsOf(field.name);
  if (!words.some((word) => FACE_WORDS.has(word))) return null;
  if (field.type === "list") return field.items?.type === "object" || field.items?.type === "list" ? "list" : null;
  if (field.type === "integer" || field.type === "number") return words.length === 1 || words.some((word) => COUNT_WORDS.has(word)) ? "count" : null;
  if (field.type === "boolean") return "presence";
  return null;
}

export const isFaceField = (field: Pick<TemplateField, "name" | "type" | "items">) => faceFieldKind(field) !== null;

/** What the offline analyzer (no Gemini key) answers of a template's fields: text with OCR, faces with the face detector. */
export function offlineAnswers(fields: TemplateField[]): ("text" | "faces")[] {
  return [...(fields.some(isTextField) ? (["text"] as const) : []), ...(fields.some(isFaceField) ? (["faces"] as const) : [])];
}

/** Whether the offline analyzer (no Gemini key) fills some of a template's fields. */
export const answersOffline = (fields: TemplateField[]) => offlineAnswers(fields).length > 0;
