import type { PrismaClient } from "../db/generated/client";
import { badRequest, conflict, notFound } from "../errors";
import { DEFAULT_IMAGE_MODEL } from "../gemini/image-models";
import type { EnhanceTemplateInput } from "./enhance-template-schema";
import { templateView } from "./template-view";

/** Enhance templates every Loupe starts with. */
export const BUILT_IN_ENHANCE: EnhanceTemplateInput[] = [
  {
    kind: "enhance",
    name: "Product on white",
    description: "Catalogue shots: the product alone on a pure white background with a soft shadow, three variants to choose from.",
    instructions: "Edit this product photo: keep the product exactly as it is (shape, colour, labels, text) and show it alone on a pure white (#ffffff) background with a soft, natural shadow beneath it, evenly lit, centred, nothing else in the frame.",
    variants: 3,
    aspectRatio: "1:1",
    model: DEFAULT_IMAGE_MODEL,
  },
];

// An enhance version has no output fields (those are an analysis's): its instructions, variants, ratio and model say all.
const versionData = (input: EnhanceTemplateInput, createdById: string | null | undefined) => ({
  instructions: input.instructions,
  fields: [],
  variants: input.variants ?? null,
  aspectRatio: input.aspectRatio ?? null,
  model: input.model ?? DEFAULT_IMAGE_MODEL,
  createdById: createdById ?? null,
});

/** Creates the built-in enhance templates once; safe at every start and from several processes at once. */
export async function seedBuiltInEnhanceTemplates(db: PrismaClient) {
  for (const template of BUILT_IN_ENHANCE) {
    const data = versionData(template, null);
    await db.$executeRaw`
      WITH created AS (
        INSERT INTO analysis_templates (id, name, description, built_in, kind, current_version, updated_at)
        VALUES (gen_random_uuid(), ${template.name}, ${template.description ?? null}, true, 'enhance', 1, now())
        ON CONFLICT (name) DO NOTHING RETURNING id
      )
      INSERT INTO template_versions (id, template_id, version, instructions, fields, variants, aspect_ratio, model)
      SELECT gen_random_uuid(), id, 1, ${data.instructions}, '[]'::jsonb, ${data.variants}, ${data.aspectRatio}, ${data.model} FROM created`;
  }
}

export async function createEnhanceTemplate(db: PrismaClient, input: EnhanceTemplateInput, options: { createdById?: string | null; defaultModel: string }) {
  const existing = await db.analysisTemplate.findUnique({ where: { name: input.name } });
  if (existing) throw conflict("template_name_taken", `A template named "${input.name}" already exists.`);
  const created = await db.analysisTemplate.create({
    data: { name: input.name, description: input.description, kind: "enhance", versions: { create: { version: 1, ...versionData(input, options.createdById) } } },
    include: { versions: true },
  });
  return templateView(created, options.defaultModel);
}

/** Editing makes a new version; batches keep the version they were made with. A template keeps its kind. */
export async function updateEnhanceTemplate(db: PrismaClient, templateId: string, input: EnhanceTemplateInput, options: { createdById?: string | null; defaultModel: string }) {
  const updated = await db.$transaction(async (tx) => {
    const template = await tx.analysisTemplate.findUnique({ where: { id: templateId } });
    if (!template) throw notFound("That template");
    if (template.kind !== "enhance") throw badRequest("template_kind_mismatch", `"${template.name}" is an ${template.kind} template; an enhance template's settings cannot replace it. Create a new enhance template instead.`);
    const version = template.currentVersion + 1;
    await tx.templateVersion.create({ data: { templateId, version, ...versionData(input, options.createdById) } });
    return tx.analysisTemplate.update({ where: { id: templateId }, data: { name: input.name, description: input.description, currentVersion: version }, include: { versions: { orderBy: { version: "desc" } } } });
  });
  return templateView(updated, options.defaultModel);
}
