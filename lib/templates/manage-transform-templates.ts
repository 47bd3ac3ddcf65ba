import type { PrismaClient } from "../db/generated/client";
import { badRequest, conflict, notFound } from "../errors";
import { BUILT_IN_TRANSFORMS } from "./built-in-transforms";
import { templateView } from "./template-view";
import { checkTransformTemplate, type TransformTemplateInput } from "./transform-template-schema";

// A transform version has no instructions or fields (those are an analysis's); its operations say everything.
const NO_ANALYSIS = { instructions: "", fields: [] };

/** Creates the built-in transform templates once; safe at every start and from several processes at once. */
export async function seedBuiltInTransforms(db: PrismaClient) {
  for (const template of BUILT_IN_TRANSFORMS) {
    const { operations } = checkTransformTemplate(template);
    await db.$executeRaw`
      WITH created AS (
        INSERT INTO analysis_templates (id, name, description, built_in, kind, current_version, updated_at)
        VALUES (gen_random_uuid(), ${template.name}, ${template.description ?? null}, true, 'transform', 1, now())
        ON CONFLICT (name) DO NOTHING RETURNING id
      )
      INSERT INTO template_versions (id, template_id, version, instructions, fields, operations)
      SELECT gen_random_uuid(), id, 1, '', '[]'::jsonb, ${JSON.stringify(operations)}::jsonb FROM created`;
  }
}

export async function createTransformTemplate(db: PrismaClient, input: TransformTemplateInput, options: { createdById?: string | null; defaultModel: string }) {
  const { operations } = checkTransformTemplate(input);
  const existing = await db.analysisTemplate.findUnique({ where: { name: input.name } });
  if (existing) throw conflict("template_name_taken", `A template named "${input.name}" already exists.`);
  const created = await db.analysisTemplate.create({
    data: { name: input.name, description: input.description, kind: "transform", versions: { create: { version: 1, ...NO_ANALYSIS, operations, createdById: options.createdById ?? null } } },
    include: { versions: true },
  });
  return templateView(created, options.defaultModel);
}

/** Editing makes a new version; batches keep the version they were made with. A template keeps its kind. */
export async function updateTransformTemplate(db: PrismaClient, templateId: string, input: TransformTemplateInput, options: { createdById?: string | null; defaultModel: string }) {
  const { operations } = checkTransformTemplate(input);
  const updated = await db.$transaction(async (tx) => {
    const template = await tx.analysisTemplate.findUnique({ where: { id: templateId } });
    if (!template) throw notFound("That template");
    if (template.kind !== "transform") throw badRequest("template_kind_mismatch", `"${template.name}" is an ${template.kind} template; a transform's operations cannot replace it. Create a new transform template instead.`);
    const version = template.currentVersion + 1;
    await tx.templateVersion.create({ data: { templateId, version, ...NO_ANALYSIS, operations, createdById: options.createdById ?? null } });
    return tx.analysisTemplate.update({ where: { id: templateId }, data: { name: input.name, description: input.description, currentVersion: version }, include: { versions: { orderBy: { version: "desc" } } } });
  });
  return templateView(updated, options.defaultModel);
}
