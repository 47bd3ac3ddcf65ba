import { z } from "zod";
import { parseOperations } from "../transforms/parse-operations";
import { storableText } from "../validation/storable-text";

/**
 * A transform template (kind "transform"): a name and an operations list in Loupe's operations language
 * (lib/transforms/operations-schema), checked by parseOperations so a bad list is the same clear 400 POST /transform gives.
 */
export const transformTemplateInputSchema = z.object({
  kind: z.literal("transform"),
  name: storableText().trim().min(1, "Give the template a name.").max(120),
  description: storableText().max(2000).optional(),
  operations: z
    .array(z.unknown(), { message: 'operations must be a JSON list such as [{"op":"resize","width":1200},{"op":"format","format":"webp"}]' })
    .describe("The operations, applied in order; the same language as POST /api/v1/transform"),
});

export type TransformTemplateInput = z.infer<typeof transformTemplateInputSchema>;

/** The input with its operations checked and normalised (aliases resolved, defaults filled): what a version stores. */
export function checkTransformTemplate(input: TransformTemplateInput) {
  return { ...input, operations: parseOperations(input.operations) };
}
