import { describe, expect, it } from "vitest";
import { confidenceThresholdSchema, detectedObjects } from "../../lib/analysis/detected-objects";

const result = {
  objects: [
    { label: "cup", confidence: 0.4, box: [0.1, 0.2, 0.5, 0.6] },
    { label: "laptop", confidence: 0.92, box: [0.3, 0.1, 0.9, 0.8] },
    { label: "phone", confidence: 0.65, box: [0.5, 0.5, 0.6, 0.7] },
  ],
};

describe("seed 002's detected_objects from a template's result", () => {
  it("boxes [ymin, xmin, ymax, xmax] become {x, y, width, height} fractions; most confident first, numbered", () => {
    expect(detectedObjects(result, 0, 10)).toEqual([
      { object_id: "obj_1", name: "laptop", confidence: 0.92, bounding_box: { x: 0.1, y: 0.3, width: 0.7, height: 0.6 } },
      { object_id: "obj_2", name: "phone", confidence: 0.65, bounding_box: { x: 0.5, y: 0.5, width: 0.2, height: 0.1 } },
      { object_id: "obj_3", name: "cup", confidence: 0.4, bounding_box: { x: 0.2, y: 0.1, width: 0.4, height: 0.4 } },
    ]);
  });

  it("low / medium / high or a number keep objects at or above it; max_objects keeps the most confident", () => {
    expect(detectedObjects(result, "low", 10).map((o) => o.name)).toEqual(["laptop", "phone", "cup"]);
    expect(detectedObjects(result, "medium", 10).map((o) => o.name)).toEqual(["laptop", "phone"]);
    expect(detectedObjects(result, "high", 10).map((o) => o.name)).toEqual(["laptop"]);
    expect(detectedObjects(result, 0.65, 10).map((o) => o.name)).toEqual(["laptop", "phone"]);
    expect(detectedObjects(result, 0, 1).map((o) => o.name)).toEqual(["laptop"]);
  });

  it("boxes on 0–1000 are scaled; results without named boxes have no objects", () => {
    expect(detectedObjects({ items: [{ name: "dog", box_2d: [0, 0, 500, 250] }] }, 0, 5)[0].bounding_box).toEqual({ x: 0, y: 0, width: 0.25, height: 0.5 });
    expect(detectedObjects({ caption: "a dog", tags: ["dog"] }, 0, 5)).toEqual([]);
    expect(detectedObjects({ objects: [{ label: "dog" }] }, 0, 5)).toEqual([]);
  });

  it("confidence_threshold reads levels, numbers and form text; anything else says what it takes", () => {
    expect(confidenceThresholdSchema.parse(undefined)).toBe("medium");
    expect(confidenceThresholdSchema.parse("high")).toBe("high");
    expect(confidenceThresholdSchema.parse("0.3")).toBe(0.3);
    expect(confidenceThresholdSchema.parse(0.9)).toBe(0.9);
    expect(() => confidenceThresholdSchema.parse("very")).toThrow(/low, medium, high or a number from 0 to 1/);
    expect(() => confidenceThresholdSchema.parse(3)).toThrow(/low, medium, high or a number from 0 to 1/);
  });
});
