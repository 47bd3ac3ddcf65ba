import { z } from "zod";

/** Seed 002's confidence levels, as the least confidence an object needs to be kept. */
export const CONFIDENCE_LEVELS = { low: 0.25, medium: 0.5, high: 0.75 } as const;

const THRESHOLD_MESSAGE = "confidence_threshold must be low, medium, high or a number from 0 to 1";

/** `confidence_threshold`: low | medium | high, or a number from 0 to 1 (a form field's text is read as a number). */
export const confidenceThresholdSchema = z
  .union([z.enum(["low", "medium", "high"]), z.coerce.number().min(0, THRESHOLD_MESSAGE).max(1, THRESHOLD_MESSAGE)], { error: THRESHOLD_MESSAGE })
  .default("medium");

export interface DetectedObject {
  object_id: string;
  name: string;
  confidence: number;
  /** Fractions of the image: left edge, top edge, width and height, each 0–1. */
  bounding_box: { x: number; y: number; width: number; height: number };
}

const NAME_KEYS = ["label", "name", "object", "class", "category"];
const BOX_KEYS = ["box", "box_2d", "bounding_box", "bbox"];
const round = (n: number) => Math.round(n * 10_000) / 10_000;
const clamp = (n: number) => Math.min(Math.max(n, 0), 1);

/** A box as Loupe stores it ([ymin, xmin, ymax, xmax] on 0–1; 0–1000 is scaled) or {x, y, width, height}, as x/y/width/height. */
function boxOf(value: unknown): DetectedObject["bounding_box"] | null {
  if (Array.isArray(value) && value.length === 4 && value.every((n) => typeof n === "number" && Number.isFinite(n))) {
    const scale = value.some((n) => n > 1) ? 1000 : 1;
    const [ymin, xmin, ymax, xmax] = value.map((n) => clamp(n / scale));
    return { x: round(Math.min(xmin, xmax)), y: round(Math.min(ymin, ymax)), width: round(Math.abs(xmax - xmin)), height: round(Math.abs(ymax - ymin)) };
  }
  if (value && typeof value === "object") {
    const { x, y, width, height } = value as Record<string, unknown>;
    if ([x, y, width, height].every((n) => typeof n === "number")) return { x: round(clamp(x as number)), y: round(clamp(y as number)), width: round(clamp(width as number)), height: round(clamp(height as number)) };
  }
  return null;
}

function objectOf(value: unknown): Omit<DetectedObject, "object_id"> | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const name = NAME_KEYS.map((key) => record[key]).find((v): v is string => typeof v === "string" && v.trim() !== "");
  const box = BOX_KEYS.map((key) => boxOf(record[key])).find((b) => b !== null);
  if (!name || !box) return null;
  const confidence = typeof record.confidence === "number" ? record.confidence : typeof record.score === "number" ? record.score : 1;
  return { name: name.trim(), confidence: round(clamp(confidence)), bounding_box: box };
}

/** Every list in a result whose items look like objects with a name and a box (the Object detection template's `objects`). */
function findObjects(value: unknown, depth = 0): Omit<DetectedObject, "object_id">[] {
  if (depth > 4 || !value || typeof value !== "object") return [];
  if (Array.isArray(value)) {
    const objects = value.map(objectOf).filter((o) => o !== null);
    return objects.length ? objects : value.flatMap((item) => findObjects(item, depth + 1));
  }
  return Object.values(value).flatMap((child) => findObjects(child, depth + 1));
}

/**
 * A template's result as seed 002's `detected_objects`: objects at or above the threshold, most confident first, at most
 * `maxObjects`, numbered obj_1, obj_2… A result without boxes has none.
 */
export function detectedObjects(result: unknown, threshold: keyof typeof CONFIDENCE_LEVELS | number, maxObjects: number): DetectedObject[] {
  const least = typeof threshold === "number" ? threshold : CONFIDENCE_LEVELS[threshold];
  return findObjects(result)
    .filter((object) => object.confidence >= least)
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, maxObjects)
    .map((object, index) => ({ object_id: `obj_${index + 1}`, ...object }));
}
