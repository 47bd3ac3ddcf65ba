import { z } from "zod";
import { ASPECT_RATIOS, DEFAULT_IMAGE_MODEL, IMAGE_MODELS } from "../gemini/image-models";
import { storableText } from "../validation/storable-text";

const IMAGE_MODEL_IDS = IMAGE_MODELS.map((model) => model.id);

/**
 * An enhance template (kind "enhance"): what Gemini's image model is to make of each product photo (the instructions),
 * how many variants (1–4; ENHANCED_IMAGES_COUNT when left out), their aspect ratio (left out: the photo's shape) and the
 * image model.
 */
export const enhanceTemplateInputSchema = z.object({
  kind: z.literal("enhance"),
  name: storableText().trim().min(1, "Give the template a name.").max(120),
  description: storableText().max(2000).optional(),
  instructions: storableText()
    .trim()
    .min(1, 'Tell the image model what to make of each photo, e.g. "the product alone on a pure white background, soft shadow".')
    .max(5000)
    .describe("What the image model is to make of each product photo"),
  variants: z.number({ message: "variants must be a whole number from 1 to 4." }).int("variants must be a whole number from 1 to 4.").min(1, "variants must be at least 1.").max(4, "variants is at most 4 per product.").nullish().describe("Variants per product, 1–4 (default ENHANCED_IMAGES_COUNT, 3)"),
  aspectRatio: z
    .enum(ASPECT_RATIOS, { message: `aspectRatio must be one of ${ASPECT_RATIOS.join(", ")} (or left out for the photo's own shape).` })
    .nullish()
    .describe("The variants' aspect ratio; left out: the photo's nearest"),
  model: z
    .string()
    .refine((model) => IMAGE_MODEL_IDS.includes(model), { message: `model must be an image model: ${IMAGE_MODEL_IDS.join(", ")}.` })
    .nullish()
    .describe(`The image model (default ${DEFAULT_IMAGE_MODEL})`),
});

export type EnhanceTemplateInput = z.infer<typeof enhanceTemplateInputSchema>;
