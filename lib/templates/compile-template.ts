import { z } from "zod";
import type { TemplateField } from "./schemas";

interface GeminiSchema {
  type: "STRING" | "NUMBER" | "INTEGER" | "BOOLEAN" | "ARRAY" | "OBJECT";
  description?: string;
  enum?: string[];
  format?: string;
  items?: GeminiSchema;
  properties?: Record<string, GeminiSchema>;
  required?: string[];
  propertyOrdering?: string[];
}

function toGemini(field: TemplateField): GeminiSchema {
  const description = field.description || undefined;
  switch (field.type) {
    case "string":
      return { type: "STRING", description };
    case "number":
      return { type: "NUMBER", description };
    case "integer":
      return { type: "INTEGER", description };
    case "boolean":
      return { type: "BOOLEAN", description };
    case "enum":
      return { type: "STRING", format: "enum", enum: field.enumValues ?? [], description };
    case "list":
      return { type: "ARRAY", items: toGemini(field.items ?? { name: "item", type: "string" }), description };
    case "object":
      return objectSchema(field.properties ?? [], description);
  }
}

function objectSchema(fields: TemplateField[], description?: string): GeminiSchema {
  return {
    type: "OBJECT",
    description,
    properties: Object.fromEntries(fields.map((field) => [field.name, toGemini(field)])),
    required: fields.filter((field) => field.required !== false).map((field) => field.name),
    propertyOrdering: fields.map((field) => field.name),
  };
}

function toZod(field: TemplateField): z.ZodType {
  let schema: z.ZodType;
  switch (field.type) {
    case "string":
      schema = z.string();
      break;
    case "number":
      schema = z.number();
      break;
    case "integer":
      schema = z.number().int();
      break;
    case "boolean":
      schema = z.boolean();
      break;
    case "enum":
      schema = z.enum((field.enumValues ?? [""]) as [string, ...string[]]);
      break;
    case "list":
      schema = z.array(toZod(field.items ?? { name: "item", type: "string" }));
      break;
    case "object":
      schema = z.object(Object.fromEntries((field.properties ?? []).map((p) => [p.name, toZod(p)])));
      break;
  }
  return field.required === false ? schema.nullish() : schema;
}

export interface CompiledTemplate {
  responseSchema: GeminiSchema;
  prompt: string;
  validate: (json: unknown) => { ok: true; value: unknown } | { ok: false; error: string };
}

// Template versions never change once saved, and getTemplateVersion hands out one object per version: compiling once per
// object spares every image zod's schema build and its JIT-compiled parser.
const compiledVersions = new WeakMap<object, CompiledTemplate>();

/** A template version → Gemini's responseSchema (JSON output), the prompt, and a zod validator every result must pass. */
export function compileTemplate(version: { instructions: string; fields: TemplateField[] }): CompiledTemplate {
  const compiled = compiledVersions.get(version);
  if (compiled) return compiled;
  const validator = z.object(Object.fromEntries(version.fields.map((field) => [field.name, toZod(field)])));
  const fieldNotes = version.fields.map((field) => `- ${field.name}: ${field.description ?? field.type}`).join("\n");
  const template: CompiledTemplate = {
    responseSchema: objectSchema(version.fields),
    prompt: `${version.instructions.trim()}\n\nAnswer in JSON with these fields:\n${fieldNotes}`,
    validate: (json) => {
      const parsed = validator.safeParse(json);
      if (parsed.success) return { ok: true, value: parsed.data };
      const issue = parsed.error.issues[0];
      return { ok: false, error: `${issue.path.join(".") || "result"}: ${issue.message}` };
    },
  };
  compiledVersions.set(version, template);
  return template;
}
