const BOX_KEYS = new Set(["box", "box_2d"]);

function isBox(value: unknown): value is [number, number, number, number] {
  return Array.isArray(value) && value.length === 4 && value.every((n) => typeof n === "number" && Number.isFinite(n));
}

/**
 * Gemini gives boxes as [ymin, xmin, ymax, xmax] on 0–1000. Results store them normalised to 0–1 (same order), so viewers and
 * exports need no knowledge of the model's convention. Boxes already on 0–1 are left alone.
 */
export function normalizeBoxes<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => normalizeBoxes(item)) as T;
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, child]) => {
      if (BOX_KEYS.has(key) && isBox(child) && child.some((n) => n > 1)) {
        return [key, child.map((n) => Math.round(Math.min(Math.max(n / 1000, 0), 1) * 10_000) / 10_000)];
      }
      return [key, normalizeBoxes(child)];
    }),
  ) as T;
}
