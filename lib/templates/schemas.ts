import { z } from "zod";
import { jsonDepth, storableText } from "../validation/storable-text";
import { callSettingsInputSchema } from "./call-settings";

export const FIELD_TYPES = ["string", "number", "integer", "boolean", "enum", "list", "object"] as const;

export interface TemplateField {
  name: string;
  type: (typeof FIELD_TYPES)[number];
  description?: string;
  required?: boolean;
  enumValues?: string[];
  items?: TemplateField;
  properties?: TemplateField[];
}

const identifier = z
  .string()
  .min(1, "A field needs a name.")
  .max(64, "Field names are at most 64 characters.")
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Field names use letters, digits and _ and start with a letter.")
  // Results are read as result[field.name]: this name would read the object's prototype instead.
  .refine((name) => name !== "__proto__", "__proto__ cannot be a field name.");

export const templateFieldSchema: z.ZodType<TemplateField> = z.lazy(() =>
  z
    .object({
      name: identifier,
      type: z.enum(FIELD_TYPES, { message: `type must be one of ${FIELD_TYPES.join(", ")}` }),
      description: storableText().max(1000).optional(),
      required: z.boolean().optional(),
      enumValues: z.array(storableText().min(1).max(200)).max(100).optional(),
      items: templateFieldSchema.optional(),
      properties: z.array(templateFieldSchema).max(64).optional(),
    })
    .superRefine((field, context) => {
      if (field.type === "enum" && !field.enumValues?.length) context.addIssue({ code: "custom", message: `${field.name}: an enum needs at least one value.` });
      if (field.type === "list" && !field.items) context.addIssue({ code: "custom", message: `${field.name}: a list needs an item type.` });
      if (field.type === "object" && !field.properties?.length) context.addIssue({ code: "custom", message: `${field.name}: an object needs at least one property.` });
      const names = (field.properties ?? []).map((p) => p.name);
      if (new Set(names).size !== names.length) context.addIssue({ code: "custom", message: `${field.name}: property names must be unique.` });
    }),
);

// Objects and lists nest at most this deep. Checked on the raw JSON before the recursive field schema runs, so a hostile
// thousand-level template is refused instead of exhausting the stack.
const MAX_FIELD_NESTING = 8;
export const templateFieldsSchema = (max: number) =>
  z
    .array(z.unknown())
    .refine((fields) => jsonDepth(fields) <= 2 * MAX_FIELD_NESTING + 2, `Output fields nest at most ${MAX_FIELD_NESTING} levels deep.`)
    .pipe(z.array(templateFieldSchema).min(1, "Add at least one output field.").max(max, `At most ${max} output fields.`));

export const templateInputSchema = z.object({
  name: storableText().trim().min(1, "Give the template a name.").max(120),
  description: storableText().max(2000).optional(),
  instructions: storableText().trim().min(1, "Tell Gemini what to do with each image.").max(20_000),
  fields: templateFieldsSchema(64).refine((fields) => new Set(fields.map((f) => f.name)).size === fields.length, "Output field names must be unique."),
  // How Gemini is called (model, thinking, media resolution, output room); changing any of them saves a new version.
  ...callSettingsInputSchema.shape,
});

export type TemplateInput = z.infer<typeof templateInputSchema>;
