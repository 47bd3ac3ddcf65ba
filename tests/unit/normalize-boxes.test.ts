import { describe, expect, it } from "vitest";
import { normalizeBoxes } from "../../lib/analysis/normalize-boxes";

describe("normalizeBoxes", () => {
  it("turns Gemini's 0–1000 boxes anywhere in a result into 0–1, keeping [ymin, xmin, ymax, xmax] and everything else", () => {
    const result = { caption: "two shoes", objects: [{ label: "shoe", confidence: 0.9, box: [100, 250, 500, 1000] }, { label: "box", box_2d: [0, 0, 1000, 333] }] };
    expect(normalizeBoxes(result)).toEqual({
      caption: "two shoes",
      objects: [{ label: "shoe", confidence: 0.9, box: [0.1, 0.25, 0.5, 1] }, { label: "box", box_2d: [0, 0, 1, 0.333] }],
    });
  });

  it("leaves boxes already on 0–1, non-boxes and odd shapes alone, and clamps out-of-range coordinates", () => {
    expect(normalizeBoxes({ box: [0.1, 0.2, 0.3, 0.4] })).toEqual({ box: [0.1, 0.2, 0.3, 0.4] });
    expect(normalizeBoxes({ box: [1, 2, 3] })).toEqual({ box: [1, 2, 3] });
    expect(normalizeBoxes({ box: "100,200,300,400" })).toEqual({ box: "100,200,300,400" });
    expect(normalizeBoxes({ sizes: [100, 200, 300, 400] })).toEqual({ sizes: [100, 200, 300, 400] });
    expect(normalizeBoxes({ box: [-20, 0, 1200, 500] })).toEqual({ box: [0, 0, 1, 0.5] });
    expect(normalizeBoxes(null)).toBeNull();
  });
});
