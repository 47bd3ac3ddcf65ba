import { describe, expect, it } from "vitest";
import { fullJitterDelay } from "../../lib/gemini/backoff";
import { BUILT_IN_TEMPLATES } from "../../lib/templates/built-in-templates";
import { compileTemplate } from "../../lib/templates/compile-template";
import type { TemplateField } from "../../lib/templates/schemas";

const fields: TemplateField[] = [
  { name: "title", type: "string", description: "Short title" },
  { name: "price", type: "number", required: false },
  { name: "count", type: "integer" },
  { name: "in_stock", type: "boolean" },
  { name: "condition", type: "enum", enumValues: ["new", "used"] },
  { name: "tags", type: "list", items: { name: "tag", type: "string" } },
  { name: "size", type: "object", properties: [{ name: "width", type: "number" }, { name: "unit", type: "enum", enumValues: ["cm", "in"], required: false }] },
];

describe("compileTemplate", () => {
  const compiled = compileTemplate({ instructions: "  Look at the product.  ", fields });

  it("compiles fields to Gemini's responseSchema: types, enums, nested objects, required and ordering", () => {
    const schema = compiled.responseSchema as unknown as { type: string; required: string[]; propertyOrdering: string[]; properties: Record<string, Record<string, unknown>> };
    expect(schema.type).toBe("OBJECT");
    expect(schema.propertyOrdering).toEqual(fields.map((field) => field.name));
    expect(schema.required).toEqual(["title", "count", "in_stock", "condition", "tags", "size"]);
    expect(schema.properties.title).toEqual({ type: "STRING", description: "Short title" });
    expect(schema.properties.count.type).toBe("INTEGER");
    expect(schema.properties.condition).toMatchObject({ type: "STRING", format: "enum", enum: ["new", "used"] });
    expect(schema.properties.tags).toMatchObject({ type: "ARRAY", items: { type: "STRING" } });
    expect(schema.properties.size).toMatchObject({ type: "OBJECT", required: ["width"], properties: { width: { type: "NUMBER" } } });
    expect(compiled.prompt.startsWith("Look at the product.\n\n")).toBe(true);
    expect(compiled.prompt).toContain("- title: Short title");
  });

  it("validates answers against the same fields: right shapes pass, wrong ones fail with the path", () => {
    const good = { title: "Boot", count: 2, in_stock: true, condition: "new", tags: ["leather"], size: { width: 30 } };
    expect(compiled.validate(good)).toEqual({ ok: true, value: good });
    expect(compiled.validate({ ...good, price: null })).toMatchObject({ ok: true });
    expect(compiled.validate({ ...good, count: 2.5 })).toMatchObject({ ok: false });
    expect(compiled.validate({ ...good, condition: "broken" })).toMatchObject({ ok: false, error: expect.stringContaining("condition") });
    expect(compiled.validate({ ...good, size: { width: "wide" } })).toMatchObject({ ok: false, error: expect.stringContaining("size.width") });
    const { title: _missing, ...withoutTitle } = good;
    expect(compiled.validate(withoutTitle)).toMatchObject({ ok: false, error: expect.stringContaining("title") });
  });

  it("compiles a version once: the same version object gets the same compiled template, another one its own", () => {
    const version = { instructions: "Describe.", fields };
    const first = compileTemplate(version);
    expect(compileTemplate(version)).toBe(first);
    const edited = { instructions: "Describe.", fields: [{ name: "title", type: "string" as const }] };
    const other = compileTemplate(edited);
    expect(other).not.toBe(first);
    expect(other.validate({ title: "Boot" })).toMatchObject({ ok: true });
    expect(first.validate({ title: "Boot" })).toMatchObject({ ok: false });
  });

  it("compiles every built-in template, to a prompt and schema within Latin-1 (so a request body stays one byte a character)", () => {
    for (const template of BUILT_IN_TEMPLATES) {
      const compiled = compileTemplate(template);
      expect(compiled.responseSchema).toMatchObject({ type: "OBJECT" });
      const text = JSON.stringify([compiled.prompt, compiled.responseSchema]);
      expect([...text].filter((character) => character.charCodeAt(0) > 0xff)).toEqual([]);
    }
  });
});

describe("fullJitterDelay", () => {
  it("is random in [0, min(cap, base·2^attempt)]", () => {
    expect(fullJitterDelay(3, 100, 10_000, () => 0.999999)).toBe(799);
    expect(fullJitterDelay(3, 100, 10_000, () => 0)).toBe(0);
    expect(fullJitterDelay(20, 100, 5000, () => 0.5)).toBe(2500);
    for (let i = 0; i < 100; i++) expect(fullJitterDelay(2, 50, 1000)).toBeLessThan(200);
  });
});
