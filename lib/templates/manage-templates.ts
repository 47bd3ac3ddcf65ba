import type { PrismaClient } from "../db/generated/client";
import { conflict, notFound } from "../errors";
import { BUILT_IN_TEMPLATES } from "./built-in-templates";
import type { TemplateField, TemplateInput } from "./schemas";

/** Creates the built-in templates once; safe at every start and from several processes at once. */
export async function seedBuiltInTemplates(db: PrismaClient) {
  for (const template of BUILT_IN_TEMPLATES) {
    await db.$executeRaw`
      WITH created AS (
        INSERT INTO analysis_templates (id, name, description, built_in, current_version, updated_at)
        VALUES (gen_random_uuid(), ${template.name}, ${template.description ?? null}, true, 1, now())
        ON CONFLICT (name) DO NOTHING RETURNING id
      )
      INSERT INTO template_versions (id, template_id, version, instructions, fields)
      SELECT gen_random_uuid(), id, 1, ${template.instructions}, ${JSON.stringify(template.fields)}::jsonb FROM created`;
  }
}

export async function listTemplates(db: PrismaClient) {
  const templates = await db.analysisTemplate.findMany({ where: { archived: false }, orderBy: [{ builtIn: "desc" }, { name: "asc" }], include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
  return templates.map(({ versions, ...template }) => ({ ...template, current: versions[0] ? { ...versions[0], fields: versions[0].fields as unknown as TemplateField[] } : null }));
}

export async function createTemplate(db: PrismaClient, input: TemplateInput, createdById: string | null = null) {
  const existing = await db.analysisTemplate.findUnique({ where: { name: input.name } });
  if (existing) throw conflict("template_name_taken", `A template named "${input.name}" already exists.`);
  return db.analysisTemplate.create({
    data: { name: input.name, description: input.description, versions: { create: { version: 1, instructions: input.instructions, fields: input.fields as object, createdById } } },
    include: { versions: true },
  });
}

/** Editing makes a new version; results keep the version they were made with. */
export async function updateTemplate(db: PrismaClient, templateId: string, input: TemplateInput, createdById: string | null = null) {
  return db.$transaction(async (tx) => {
    const template = await tx.analysisTemplate.findUnique({ where: { id: templateId } });
    if (!template) throw notFound("That template");
    const version = template.currentVersion + 1;
    await tx.templateVersion.create({ data: { templateId, version, instructions: input.instructions, fields: input.fields as object, createdById } });
    return tx.analysisTemplate.update({ where: { id: templateId }, data: { name: input.name, description: input.description, currentVersion: version }, include: { versions: { orderBy: { version: "desc" } } } });
  });
}

// A version never changes once saved (editing a template saves a new one), so each process reads it once.
const versionCache = new Map<string, Awaited<ReturnType<typeof readTemplateVersion>>>();
const VERSION_CACHE_SIZE = 500;

async function readTemplateVersion(db: PrismaClient, versionId: string) {
  const version = await db.templateVersion.findUnique({ where: { id: versionId } });
  if (!version) throw notFound("That template version");
  return { ...version, fields: version.fields as unknown as TemplateField[] };
}

export async function getTemplateVersion(db: PrismaClient, versionId: string) {
  const cached = versionCache.get(versionId);
  if (cached) return cached;
  const version = await readTemplateVersion(db, versionId);
  if (versionCache.size >= VERSION_CACHE_SIZE) versionCache.clear();
  versionCache.set(versionId, version);
  return version;
}

/** The version new batches use when none is chosen: the first built-in ("Describe & tag"). */
export async function defaultTemplateVersionId(db: PrismaClient): Promise<string | null> {
  const template = await db.analysisTemplate.findUnique({ where: { name: BUILT_IN_TEMPLATES[0].name }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
  return template?.versions[0]?.id ?? null;
}
