import { describe, expect, it } from "vitest";
import { faceFieldKind, offlineAnswers } from "../../lib/templates/offline-fields";
import type { TemplateField } from "../../lib/templates/schemas";

const object: TemplateField = { name: "face", type: "object", properties: [{ name: "box", type: "list", items: { name: "n", type: "number" } }] };

describe("which fields the offline analyzer answers", () => {
  it("face and people fields by type: a list gets the faces, a number the count, a boolean whether there is any", () => {
    expect(faceFieldKind({ name: "faces", type: "list", items: object })).toBe("list");
    expect(faceFieldKind({ name: "detected_faces", type: "list", items: object })).toBe("list");
    expect(faceFieldKind({ name: "people", type: "list", items: { name: "box", type: "list", items: { name: "n", type: "integer" } } })).toBe("list");
    expect(faceFieldKind({ name: "face_count", type: "integer" })).toBe("count");
    expect(faceFieldKind({ name: "numberOfPeople", type: "number" })).toBe("count");
    expect(faceFieldKind({ name: "faces", type: "integer" })).toBe("count");
    expect(faceFieldKind({ name: "has_faces", type: "boolean" })).toBe("presence");
    expect(faceFieldKind({ name: "contains-person", type: "boolean" })).toBe("presence");
  });

  it("what the detector cannot answer is left to Gemini: descriptions, names, a face's score, words that merely contain 'face'", () => {
    expect(faceFieldKind({ name: "face_description", type: "string" })).toBeNull();
    expect(faceFieldKind({ name: "people", type: "list", items: { name: "name", type: "string" } })).toBeNull();
    expect(faceFieldKind({ name: "face_confidence", type: "number" })).toBeNull();
    expect(faceFieldKind({ name: "surface", type: "boolean" })).toBeNull();
    expect(faceFieldKind({ name: "interface_count", type: "integer" })).toBeNull();
  });

  it("a template is answered offline for its text fields, its face fields, both or neither", () => {
    expect(offlineAnswers([{ name: "visible_text", type: "string" }, { name: "face_count", type: "integer" }])).toEqual(["text", "faces"]);
    expect(offlineAnswers([{ name: "has_faces", type: "boolean" }])).toEqual(["faces"]);
    expect(offlineAnswers([{ name: "caption", type: "string" }])).toEqual([]);
  });
});
