import { z } from "zod";

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
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Field names use letters, digits and _ and start with a letter.");

export const templateFieldSchema: z.ZodType<TemplateField> = z.lazy(() =>
  z
    .object({
      name: identifier,
      type: z.enum(FIELD_TYPES, { message: `type must be one of ${FIELD_TYPES.join(", ")}` }),
      description: z.string().max(1000).optional(),
      required: z.boolean().optional(),
      enumValues: z.array(z.string().min(1).max(200)).max(100).optional(),
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

export const templateInputSchema = z.object({
  name: z.string().trim().min(1, "Give the template a name.").max(120),
  description: z.string().max(2000).optional(),
  instructions: z.string().trim().min(1, "Tell Gemini what to do with each image.").max(20_000),
  fields: z
    .array(templateFieldSchema)
    .min(1, "Add at least one output field.")
    .max(64, "At most 64 output fields.")
    .refine((fields) => new Set(fields.map((f) => f.name)).size === fields.length, "Output field names must be unique."),
});

export type TemplateInput = z.infer<typeof templateInputSchema>;
