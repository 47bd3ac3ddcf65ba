import type { PrismaClient } from "../db/generated/client";
import { badRequest, conflict, notFound } from "../errors";
import { modelCatalogue } from "../gemini/models";
import { BUILT_IN_TEMPLATES } from "./built-in-templates";
import { seedBuiltInEnhanceTemplates } from "./manage-enhance-templates";
import { seedBuiltInTransforms } from "./manage-transform-templates";
import { NEW_TEMPLATE_SETTINGS, storedCallSettings } from "./call-settings";
import { checkCallSettings, type ModelChoice } from "./check-call-settings";
import type { TemplateField, TemplateInput } from "./schemas";
import { templateView, versionView } from "./template-view";

/**
 * Creates the built-in templates once; safe at every start and from several processes at once. A database that already
 * has them keeps its version 1 as it is (settings unset: the model's own thinking default, as before they existed).
 */
export async function seedBuiltInTemplates(db: PrismaClient) {
  await seedBuiltInTransforms(db);
  await seedBuiltInEnhanceTemplates(db);
  for (const template of BUILT_IN_TEMPLATES) {
    const settings = storedCallSettings(template);
    await db.$executeRaw`
      WITH created AS (
        INSERT INTO analysis_templates (id, name, description, built_in, current_version, updated_at)
        VALUES (gen_random_uuid(), ${template.name}, ${template.description ?? null}, true, 1, now())
        ON CONFLICT (name) DO NOTHING RETURNING id
      )
      INSERT INTO template_versions (id, template_id, version, instructions, fields, model, thinking, media_resolution, max_output_tokens)
      SELECT gen_random_uuid(), id, 1, ${template.instructions}, ${JSON.stringify(template.fields)}::jsonb,
             ${settings.model}, ${settings.thinking}, ${settings.mediaResolution}, ${settings.maxOutputTokens}::int FROM created`;
  }
}

export interface TemplateWriteOptions {
  createdById?: string | null;
  /** The models a version may name and the server's default (config.models, config.GEMINI_MODEL). */
  choice?: ModelChoice;
}

const BUILT_IN_CHOICE: ModelChoice = { models: modelCatalogue(), defaultModel: "gemini-2.5-flash" };

export async function listTemplates(db: PrismaClient, defaultModel = BUILT_IN_CHOICE.defaultModel) {
  const templates = await db.analysisTemplate.findMany({ where: { archived: false }, orderBy: [{ builtIn: "desc" }, { name: "asc" }], include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
  return templates.map(({ versions, ...template }) => ({ ...template, current: versions[0] ? versionView(versions[0], defaultModel) : null }));
}

export async function createTemplate(db: PrismaClient, input: TemplateInput, options: TemplateWriteOptions = {}) {
  const choice = options.choice ?? BUILT_IN_CHOICE;
  const settings = storedCallSettings(input, NEW_TEMPLATE_SETTINGS);
  checkCallSettings(settings, choice);
  const existing = await db.analysisTemplate.findUnique({ where: { name: input.name } });
  if (existing) throw conflict("template_name_taken", `A template named "${input.name}" already exists.`);
  const created = await db.analysisTemplate.create({
    data: { name: input.name, description: input.description, versions: { create: { version: 1, instructions: input.instructions, fields: input.fields as object, createdById: options.createdById ?? null, ...settings } } },
    include: { versions: true },
  });
  return templateView(created, choice.defaultModel);
}

/**
 * Editing makes a new version, also when only the call settings change (results are cached per version); results keep
 * the version they were made with. Settings left out are the current version's.
 */
export async function updateTemplate(db: PrismaClient, templateId: string, input: TemplateInput, options: TemplateWriteOptions = {}) {
  const choice = options.choice ?? BUILT_IN_CHOICE;
  const updated = await db.$transaction(async (tx) => {
    const template = await tx.analysisTemplate.findUnique({ where: { id: templateId }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
    if (!template) throw notFound("That template");
    if (template.kind !== "analysis") throw badRequest("template_kind_mismatch", `"${template.name}" is a ${template.kind} template; send its kind ("kind": "${template.kind}") with what that kind takes.`);
    const settings = storedCallSettings(input, template.versions[0] ?? NEW_TEMPLATE_SETTINGS);
    checkCallSettings(settings, choice);
    const version = template.currentVersion + 1;
    await tx.templateVersion.create({ data: { templateId, version, instructions: input.instructions, fields: input.fields as object, createdById: options.createdById ?? null, ...settings } });
    return tx.analysisTemplate.update({ where: { id: templateId }, data: { name: input.name, description: input.description, currentVersion: version }, include: { versions: { orderBy: { version: "desc" } } } });
  });
  return templateView(updated, choice.defaultModel);
}

/** One template with every version (newest first), each with its call settings. */
export async function getTemplate(db: PrismaClient, templateId: string, defaultModel = BUILT_IN_CHOICE.defaultModel) {
  const template = await db.analysisTemplate.findUnique({ where: { id: templateId }, include: { versions: { orderBy: { version: "desc" } } } });
  if (!template) throw notFound("That template");
  return templateView(template, defaultModel);
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
