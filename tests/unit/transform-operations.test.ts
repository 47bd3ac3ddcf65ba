import { describe, expect, it } from "vitest";
import { LoupeError } from "../../lib/errors";
import { TRANSFORM_LIMITS } from "../../lib/transforms/limits";
import { OPERATION_NAMES } from "../../lib/transforms/operations-schema";
import { checkOperations, parseOperations, parseOperationsJson } from "../../lib/transforms/parse-operations";
import { planSizes } from "../../lib/transforms/plan-sizes";
import { planStages } from "../../lib/transforms/plan-stages";

const firstProblem = (value: unknown) => {
  const { issues } = checkOperations(value);
  return issues[0] ? `${issues[0].path} ${issues[0].message}` : null;
};

function refusal(run: () => unknown): LoupeError {
  try {
    run();
  } catch (error) {
    if (error instanceof LoupeError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("the operations language: what a list of operations may say", () => {
  it("accepts the issue's example and fills in each operation's defaults", () => {
    expect(parseOperations([{ op: "resize", width: 1200 }, { op: "flatten", background: "#ffffff" }, { op: "format", format: "webp" }])).toEqual([
      { op: "resize", width: 1200, fit: "inside", withoutEnlargement: false },
      { op: "flatten", background: "#ffffff" },
      { op: "format", format: "webp" },
    ]);
  });

  it("accepts every operation in its documented form", () => {
    const all = [
      { op: "resize", width: 800, height: 600, fit: "cover" },
      { op: "crop", left: 0, top: 0, width: 100, height: 100 },
      { op: "crop", strategy: "attention", width: 50, height: 50 },
      { op: "crop", strategy: "entropy", width: 40, height: 40 },
      { op: "rotate", angle: 90 },
      { op: "rotate", angle: -12.5, background: "#ffffff80" },
      { op: "flip" },
      { op: "flop" },
      { op: "blur", sigma: 2 },
      { op: "sharpen" },
      { op: "sharpen", sigma: 1.5 },
      { op: "median", size: 3 },
      { op: "emboss" },
      { op: "edge" },
      { op: "contour" },
      { op: "brightness", factor: 1.2 },
      { op: "contrast", factor: 0.8 },
      { op: "saturation", factor: 0 },
      { op: "grayscale" },
      { op: "trim", threshold: 20 },
      { op: "format", format: "avif", quality: 50, effort: 2 },
    ];
    expect(checkOperations(all).issues).toEqual([{ path: "operations", message: `lists ${all.length} operations; at most ${TRANSFORM_LIMITS.maxOperations} are allowed` }]);
    expect(checkOperations(all.slice(0, 20)).issues).toEqual([]);
    expect(checkOperations(all.slice(-2)).issues).toEqual([]);
    const named = new Set([...all.map((operation) => operation.op), "flatten"]);
    expect([...named].sort()).toEqual([...OPERATION_NAMES].sort());
  });

  it("names the operation's place and the field in every out-of-range value", () => {
    expect(firstProblem([{ op: "resize", width: 10 }, { op: "flip" }, { op: "blur", sigma: 0.1 }])).toBe("operations[2].sigma must be between 0.3 and 1000");
    expect(firstProblem([{ op: "blur", sigma: 5000 }])).toBe("operations[0].sigma must be between 0.3 and 1000");
    expect(firstProblem([{ op: "resize", width: 0 }])).toBe("operations[0].width must be between 1 and 16384");
    expect(firstProblem([{ op: "resize", width: 20000 }])).toBe("operations[0].width must be between 1 and 16384");
    expect(firstProblem([{ op: "resize", width: 10.5 }])).toBe("operations[0].width must be a whole number between 1 and 16384");
    expect(firstProblem([{ op: "median", size: 99 }])).toBe("operations[0].size must be between 1 and 25");
    expect(firstProblem([{ op: "brightness", factor: -1 }])).toBe("operations[0].factor must be between 0 and 10");
    expect(firstProblem([{ op: "rotate", angle: 720 }])).toBe("operations[0].angle must be between -360 and 360");
    expect(firstProblem([{ op: "format", format: "jpeg", quality: 0 }])).toBe("operations[0].quality must be between 1 and 100");
    expect(firstProblem([{ op: "flatten", background: "white-ish" }])).toMatch(/^operations\[0\]\.background must be a colour such as "#ffffff"/);
  });

  it("says what is missing and what an operation takes", () => {
    expect(firstProblem([{ op: "blur" }])).toBe("operations[0].sigma is required (a number between 0.3 and 1000)");
    expect(firstProblem([{ op: "blur", sigm: 2 }])).toBe('operations[0] has an unknown field "sigm": blur takes sigma');
    expect(firstProblem([{ op: "flip", horizontal: true }])).toBe('operations[0] has an unknown field "horizontal": flip takes no fields');
    expect(firstProblem([{ op: "resize" }])).toBe("operations[0] resize needs width, height or both");
    expect(firstProblem([{ op: "crop" }])).toMatch(/^operations\[0\] crop needs left, top, width and height .* or strategy \(attention or entropy\)/);
    expect(firstProblem([{ op: "crop", strategy: "faces", width: 10, height: 10 }])).toBe("operations[0].strategy must be one of attention, entropy");
    expect(firstProblem([{ op: "crop", left: 0, top: 0, width: 10 }])).toBe("operations[0].height is required (a whole number between 1 and 16384)");
    expect(firstProblem([{ width: 10 }])).toMatch(/^operations\[0\]\.op is required: name the operation, one of resize, crop, /);
  });

  it("refuses unknown operations by name and lists the ones there are", () => {
    expect(firstProblem([{ op: "resize", width: 1 }, { op: "sepia" }])).toMatch(/^operations\[1\]\.op "sepia" is not an operation Loupe knows; use one of resize, crop, rotate/);
    expect(firstProblem([{ op: 7 }])).toMatch(/^operations\[0\]\.op must be the operation's name/);
    expect(firstProblem([3])).toBe('operations[0] must be an object such as {"op":"blur","sigma":2}');
  });

  it("takes common spellings of a name: greyscale, jpg, tif", () => {
    expect(parseOperations([{ op: "greyscale" }, { op: "format", format: "JPG" }])).toEqual([{ op: "grayscale" }, { op: "format", format: "jpeg" }]);
    expect(parseOperations([{ op: "format", format: "tif" }])).toEqual([{ op: "format", format: "tiff" }]);
  });

  it("a format sharp cannot write is refused naming the formats it can", () => {
    expect(firstProblem([{ op: "format", format: "bmp" }])).toBe('operations[0].format "bmp" cannot be written: Loupe writes jpeg, png, webp, avif, tiff or gif');
    expect(firstProblem([{ op: "format", format: "heic" }])).toMatch(/"heic" cannot be written/);
    expect(firstProblem([{ op: "format", format: "gif", quality: 80 }])).toBe("operations[0].quality does not apply to gif (a palette format); leave it out");
    expect(firstProblem([{ op: "format", format: "png", effort: 3 }])).toBe("operations[0].effort applies to webp (0–6) and avif (0–9) only");
    expect(firstProblem([{ op: "format", format: "webp", effort: 8 }])).toBe("operations[0].effort must be between 0 and 6 for webp");
    expect(firstProblem([{ op: "format", format: "webp", lossless: true }])).toBe('operations[0] has an unknown field "lossless": format takes format, quality, effort');
    expect(firstProblem([{ op: "format", format: "png" }, { op: "blur", sigma: 1 }])).toBe("operations[0] format must be the last operation (it sets how the result is written)");
  });

  it("the list itself: JSON, not empty, not too long; a 400 carries every problem", () => {
    expect(firstProblem({ op: "resize" })).toMatch(/^operations must be a JSON list of operations such as \[/);
    expect(firstProblem([])).toMatch(/^operations must list at least one operation/);
    const error = refusal(() => parseOperations([{ op: "blur" }, { op: "median", size: 0 }]));
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_operations");
    expect(error.message).toBe("operations[0].sigma is required (a number between 0.3 and 1000) (and 1 more: see details.issues).");
    expect(error.details?.issues).toEqual([
      { path: "operations[0].sigma", message: "is required (a number between 0.3 and 1000)" },
      { path: "operations[1].size", message: "must be between 1 and 25" },
    ]);
    expect(refusal(() => parseOperationsJson("[{op:")).message).toMatch(/^operations is not valid JSON \(/);
    expect(refusal(() => parseOperationsJson("")).code).toBe("operations_missing");
  });
});

describe("the operations language: running in list order with as few sharp pipelines as that allows", () => {
  const stagesOf = (operations: unknown[]) => planStages(parseOperations(operations).flatMap((operation, index) => (operation.op === "format" ? [] : [{ operation, index }]))).map((stage) => stage.map(({ operation }) => operation.op));

  it("keeps the common lists in one pipeline", () => {
    expect(stagesOf([{ op: "resize", width: 1200 }, { op: "flatten", background: "#fff" }, { op: "format", format: "webp" }])).toEqual([["resize", "flatten"]]);
    expect(stagesOf([{ op: "crop", strategy: "attention", width: 300, height: 300 }, { op: "sharpen" }, { op: "contrast", factor: 1.1 }])).toEqual([["crop", "sharpen", "contrast"]]);
    expect(stagesOf([{ op: "rotate", angle: 90 }, { op: "resize", width: 500 }, { op: "blur", sigma: 1 }])).toEqual([["rotate", "resize", "blur"]]);
    expect(stagesOf([{ op: "grayscale" }, { op: "resize", width: 100 }, { op: "median", size: 3 }, { op: "blur", sigma: 1 }, { op: "edge" }])).toEqual([["grayscale", "resize", "median", "blur", "edge"]]);
  });

  it("starts a new pipeline where sharp would change the order or keep only the last of a kind", () => {
    expect(stagesOf([{ op: "blur", sigma: 2 }, { op: "resize", width: 100 }])).toEqual([["blur"], ["resize"]]);
    expect(stagesOf([{ op: "resize", width: 100 }, { op: "resize", width: 50 }])).toEqual([["resize"], ["resize"]]);
    expect(stagesOf([{ op: "blur", sigma: 2 }, { op: "blur", sigma: 3 }])).toEqual([["blur"], ["blur"]]);
    expect(stagesOf([{ op: "sharpen" }, { op: "median", size: 3 }])).toEqual([["sharpen"], ["median"]]);
    expect(stagesOf([{ op: "emboss" }, { op: "edge" }])).toEqual([["emboss"], ["edge"]]);
    expect(stagesOf([{ op: "resize", width: 100 }, { op: "rotate", angle: 90 }])).toEqual([["resize"], ["rotate"]]);
    expect(stagesOf([{ op: "flip" }, { op: "rotate", angle: 90 }])).toEqual([["flip"], ["rotate"]]);
  });

  it("flatten and greyscale share a pipeline only with geometry they commute with", () => {
    expect(stagesOf([{ op: "flatten", background: "#fff" }, { op: "trim" }])).toEqual([["flatten"], ["trim"]]);
    expect(stagesOf([{ op: "trim" }, { op: "flatten", background: "#fff" }])).toEqual([["trim", "flatten"]]);
    expect(stagesOf([{ op: "rotate", angle: 30 }, { op: "grayscale" }])).toEqual([["rotate"], ["grayscale"]]);
    expect(stagesOf([{ op: "resize", width: 10, height: 10, fit: "contain", background: "#ff0000" }, { op: "grayscale" }])).toEqual([["resize"], ["grayscale"]]);
    expect(stagesOf([{ op: "blur", sigma: 1 }, { op: "grayscale" }])).toEqual([["blur"], ["grayscale"]]);
  });

  it("works out each step's size and refuses one past the limits before any pixel is decoded", () => {
    const planned = (operations: unknown[]) => parseOperations(operations).map((operation, index) => ({ operation, index }));
    const start = { width: 4000, height: 3000, exact: true };
    expect(planSizes(planned([{ op: "resize", width: 1200 }]), start, "webp")).toEqual({ width: 1200, height: 900, exact: true });
    expect(planSizes(planned([{ op: "resize", width: 1000, height: 1000 }]), start, "webp")).toMatchObject({ width: 1000, height: 750 });
    expect(planSizes(planned([{ op: "resize", width: 1000, height: 1000, fit: "cover" }]), start, "webp")).toMatchObject({ width: 1000, height: 1000 });
    expect(planSizes(planned([{ op: "resize", width: 8000, withoutEnlargement: true }]), start, "webp")).toMatchObject({ width: 4000, height: 3000 });
    expect(planSizes(planned([{ op: "rotate", angle: 90 }]), start, "png")).toMatchObject({ width: 3000, height: 4000 });
    expect(planSizes(planned([{ op: "rotate", angle: 45 }]), { width: 100, height: 100, exact: true }, "png")).toMatchObject({ width: 142, height: 142 });
    expect(planSizes(planned([{ op: "trim" }, { op: "crop", left: 3900, top: 0, width: 200, height: 10 }]), start, "png")).toMatchObject({ width: 200, exact: false });

    const tooMany = refusal(() => planSizes(planned([{ op: "resize", width: 10000, height: 10000, fit: "fill" }]), start, "png"));
    expect([tooMany.status, tooMany.code, tooMany.message]).toEqual([413, "output_too_large", "operations[0] (resize) would make an image of 10000×10000 (100 MP), over the 50 MP limit."]);
    const tooWide = refusal(() => planSizes(planned([{ op: "resize", width: 16000, height: 100, fit: "fill" }, { op: "rotate", angle: 45 }]), start, "png"));
    expect(tooWide.message).toMatch(/^operations\[1\] \(rotate\) would make an image of 11385×11385/);
    const outside = refusal(() => planSizes(planned([{ op: "crop", left: 3000, top: 0, width: 2000, height: 100 }]), start, "png"));
    expect([outside.status, outside.code, outside.message]).toEqual([400, "crop_outside_image", "operations[0] (crop) goes past the right edge: left 3000 + width 2000 = 5000, but the image is 4000 pixels wide."]);
    const webp = refusal(() => planSizes(planned([{ op: "resize", width: 16384, height: 100, fit: "fill" }]), start, "webp"));
    expect(webp.message).toMatch(/webp images can be at most 16383 pixels on a side/);
  });
});
