import { z } from "zod";
import { TRANSFORM_LIMITS } from "./limits";
import { FORMAT_ALIASES, FORMATS_SENTENCE, OUTPUT_FORMATS } from "./output-formats";

/**
 * The operations language: a JSON list of objects, each naming its operation in `op`. One zod schema per operation; messages
 * are the end of a sentence that parse-operations.ts starts with the field's place, e.g. "operations[2].sigma must be …".
 */
const between = (min: number, max: number) => `must be between ${min} and ${max}`;

const number = (min: number, max: number, hint = "") =>
  z
    .number({ error: (issue) => (issue.input === undefined ? `is required (a number between ${min} and ${max}${hint})` : `must be a number between ${min} and ${max}${hint}`) })
    .min(min, { error: between(min, max) })
    .max(max, { error: between(min, max) });

const integer = (min: number, max: number) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? `is required (a whole number between ${min} and ${max})` : `must be a whole number between ${min} and ${max}`) })
    .int({ error: `must be a whole number between ${min} and ${max}` })
    .min(min, { error: between(min, max) })
    .max(max, { error: between(min, max) });

const side = integer(1, TRANSFORM_LIMITS.maxSide);
const offset = integer(0, 100_000);

const colour = z
  .string({ error: 'must be a colour such as "#ffffff"' })
  .regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i, { error: 'must be a colour such as "#ffffff" (#rgb, #rrggbb or #rrggbbaa)' });

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(", ")}` });

/** A multiplier where 1 leaves the image as it is. */
const factor = number(0, 10, "; 1 leaves the image unchanged");

const op = <T extends string>(name: T) => z.literal(name);

export const RESIZE_FITS = ["cover", "contain", "fill", "inside", "outside"] as const;
export const CROP_STRATEGIES = ["attention", "entropy"] as const;

export const resizeSchema = z
  .strictObject({
    op: op("resize"),
    width: side.optional(),
    height: side.optional(),
    // inside: fits within width × height keeping its proportions, never cropped (sharp's own default, cover, crops).
    fit: oneOf(RESIZE_FITS).default("inside"),
    withoutEnlargement: z.boolean({ error: "must be true or false" }).default(false),
    background: colour.optional(),
  })
  .refine((value) => value.width !== undefined || value.height !== undefined, { error: "resize needs width, height or both" });

export const cropRegionSchema = z.strictObject({ op: op("crop"), left: offset, top: offset, width: side, height: side });
export const cropStrategySchema = z.strictObject({ op: op("crop"), strategy: oneOf(CROP_STRATEGIES), width: side, height: side });

export const rotateSchema = z.strictObject({ op: op("rotate"), angle: number(-360, 360, " degrees, clockwise"), background: colour.default("#000000") });
export const flipSchema = z.strictObject({ op: op("flip") });
export const flopSchema = z.strictObject({ op: op("flop") });
export const blurSchema = z.strictObject({ op: op("blur"), sigma: number(0.3, 1000) });
export const sharpenSchema = z.strictObject({ op: op("sharpen"), sigma: number(0.01, 10).optional() });
export const medianSchema = z.strictObject({ op: op("median"), size: integer(1, 25) });
export const embossSchema = z.strictObject({ op: op("emboss") });
export const edgeSchema = z.strictObject({ op: op("edge") });
export const contourSchema = z.strictObject({ op: op("contour") });
export const brightnessSchema = z.strictObject({ op: op("brightness"), factor });
export const contrastSchema = z.strictObject({ op: op("contrast"), factor });
export const saturationSchema = z.strictObject({ op: op("saturation"), factor });
export const grayscaleSchema = z.strictObject({ op: op("grayscale") });
export const flattenSchema = z.strictObject({ op: op("flatten"), background: colour.default("#ffffff") });
export const trimSchema = z.strictObject({ op: op("trim"), background: colour.optional(), threshold: number(0, 255).default(10) });

export const formatSchema = z.strictObject({
  op: op("format"),
  format: z
    .string({ error: `is required (one of ${OUTPUT_FORMATS.join(", ")})` })
    .transform((value) => value.trim().toLowerCase())
    .transform((value) => FORMAT_ALIASES[value] ?? value)
    .pipe(z.enum(OUTPUT_FORMATS, { error: (issue) => `"${String(issue.input)}" cannot be written: Loupe writes ${FORMATS_SENTENCE}` })),
  quality: integer(1, 100).optional(),
  // The encoder's effort (webp 0–6, avif 0–9): higher is a little smaller and much slower.
  effort: integer(0, 9).optional(),
})
  .refine((value) => value.quality === undefined || value.format !== "gif", { error: "does not apply to gif (a palette format); leave it out", path: ["quality"] })
  .refine((value) => value.effort === undefined || value.format === "webp" || value.format === "avif", { error: "applies to webp (0–6) and avif (0–9) only", path: ["effort"] })
  .refine((value) => value.effort === undefined || value.format !== "webp" || value.effort <= 6, { error: "must be between 0 and 6 for webp", path: ["effort"] });

/** Every operation by name; `crop` has two shapes (an exact region, or a strategy). */
export const OPERATION_SCHEMAS = {
  resize: resizeSchema,
  crop: cropRegionSchema,
  rotate: rotateSchema,
  flip: flipSchema,
  flop: flopSchema,
  blur: blurSchema,
  sharpen: sharpenSchema,
  median: medianSchema,
  emboss: embossSchema,
  edge: edgeSchema,
  contour: contourSchema,
  brightness: brightnessSchema,
  contrast: contrastSchema,
  saturation: saturationSchema,
  grayscale: grayscaleSchema,
  flatten: flattenSchema,
  trim: trimSchema,
  format: formatSchema,
} as const;

export type OperationName = keyof typeof OPERATION_SCHEMAS;
export const OPERATION_NAMES = Object.keys(OPERATION_SCHEMAS) as OperationName[];
/** Names people also write for the same operation. */
export const OPERATION_ALIASES: Record<string, OperationName> = { greyscale: "grayscale", grey: "grayscale", gray: "grayscale", mirror: "flop", convert: "format" };

export type CropRegion = z.infer<typeof cropRegionSchema>;
export type CropStrategy = z.infer<typeof cropStrategySchema>;
export type Operation =
  | z.infer<typeof resizeSchema>
  | CropRegion
  | CropStrategy
  | z.infer<typeof rotateSchema>
  | z.infer<typeof flipSchema>
  | z.infer<typeof flopSchema>
  | z.infer<typeof blurSchema>
  | z.infer<typeof sharpenSchema>
  | z.infer<typeof medianSchema>
  | z.infer<typeof embossSchema>
  | z.infer<typeof edgeSchema>
  | z.infer<typeof contourSchema>
  | z.infer<typeof brightnessSchema>
  | z.infer<typeof contrastSchema>
  | z.infer<typeof saturationSchema>
  | z.infer<typeof grayscaleSchema>
  | z.infer<typeof flattenSchema>
  | z.infer<typeof trimSchema>
  | z.infer<typeof formatSchema>;

export type FormatOperation = z.infer<typeof formatSchema>;

/**
 * The shape the API documents (OpenAPI): a list of `{ op, … }`. Requests are checked with parseOperations, which names the
 * operation and field of each mistake; this loose schema only describes them.
 */
export const operationsDocSchema = z
  .array(z.looseObject({ op: z.enum([...OPERATION_NAMES] as [OperationName, ...OperationName[]]) }))
  .min(1)
  .max(TRANSFORM_LIMITS.maxOperations)
  .describe(
    'Applied in order. resize {width?, height?, fit: cover|contain|fill|inside (default)|outside, withoutEnlargement?, background?}; crop {left, top, width, height} or {strategy: attention|entropy, width, height}; rotate {angle, background?}; flip; flop; blur {sigma 0.3–1000}; sharpen {sigma?}; median {size 1–25}; emboss; edge; contour; brightness|contrast|saturation {factor 0–10, 1 = unchanged}; grayscale; flatten {background, default #ffffff}; trim {background?, threshold?}; format {format: jpeg|png|webp|avif|tiff|gif, quality? 1–100, effort? (webp 0–6, default 2; avif 0–9, default 4)} (last).',
  );
