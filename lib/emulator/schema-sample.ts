/**
 * Deterministic JSON that conforms to a Gemini responseSchema (OpenAPI subset; type names in any case) or a JSON Schema.
 * Seeded by the image so the same image always gets the same answer.
 */
export function seededRandom(seed: string) {
  let state = 0;
  for (const char of seed) state = (Math.imul(state, 31) + char.charCodeAt(0)) | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
}

const WORDS = ["red", "leather", "bag", "studio", "white", "background", "cotton", "shirt", "wooden", "table", "lamp", "blue", "shoe", "ceramic", "mug"];

function typeOf(schema: Schema): string {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t.toLowerCase() !== "null") : schema.type;
  if (type) return type.toLowerCase();
  if (schema.properties) return "object";
  if (schema.items) return "array";
  return "string";
}

export function sampleFromSchema(schema: Schema, random: () => number, name = ""): unknown {
  if (schema.enum?.length) return schema.enum[Math.floor(random() * schema.enum.length)];
  const type = typeOf(schema);
  const isBox = /box/i.test(name);
  switch (type) {
    case "object": {
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) result[key] = sampleFromSchema(child, random, key);
      return result;
    }
    case "array": {
      const item = schema.items ?? { type: "string" };
      if (isBox && ["number", "integer"].includes(typeOf(item))) {
        const ymin = Math.floor(random() * 600);
        const xmin = Math.floor(random() * 600);
        return [ymin, xmin, ymin + 100 + Math.floor(random() * 300), xmin + 100 + Math.floor(random() * 300)];
      }
      const count = Math.max(schema.minItems ?? 1, Math.min(schema.maxItems ?? 4, 1 + Math.floor(random() * 4)));
      return Array.from({ length: count }, () => sampleFromSchema(item, random, name));
    }
    case "integer":
      return Math.floor((schema.minimum ?? 0) + random() * ((schema.maximum ?? 100) - (schema.minimum ?? 0)));
    case "number":
      return /confidence|score|probability/i.test(name) ? Math.round(random() * 1000) / 1000 : Math.round(random() * 10_000) / 100;
    case "boolean":
      return random() < 0.5;
    default:
      return Array.from({ length: 2 + Math.floor(random() * 4) }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ");
  }
}
