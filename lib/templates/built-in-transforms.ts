import type { TransformTemplateInput } from "./transform-template-schema";

/** Transform templates every Loupe starts with: what a catalogue team asks for first. */
export const BUILT_IN_TRANSFORMS: TransformTemplateInput[] = [
  {
    kind: "transform",
    name: "Web-ready 1200 px WebP on white",
    description: "Fits the image within 1200 × 1200 px (never enlarged), puts transparency on white and writes WebP.",
    operations: [
      { op: "resize", width: 1200, height: 1200, fit: "inside", withoutEnlargement: true },
      { op: "flatten", background: "#ffffff" },
      { op: "format", format: "webp", quality: 82 },
    ],
  },
  {
    kind: "transform",
    name: "Square thumbnail 400 px JPEG",
    description: "Crops to the most interesting 400 × 400 px square (attention) and writes JPEG.",
    operations: [
      { op: "flatten", background: "#ffffff" },
      { op: "crop", strategy: "attention", width: 400, height: 400 },
      { op: "format", format: "jpeg", quality: 80 },
    ],
  },
];
