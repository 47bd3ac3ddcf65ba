import type { PrismaClient } from "../db/generated/client";
import { badRequest } from "../errors";

/** Whether a template version is a transform's (its operations list is set only for transform templates). */
export async function isTransformVersion(db: PrismaClient, versionId: string | null): Promise<boolean> {
  if (!versionId) return false;
  const version = await db.templateVersion.findUnique({ where: { id: versionId }, select: { operations: true } });
  return version?.operations !== null && version?.operations !== undefined;
}

/**
 * The current version of the transform a batch runs before its analysis template (`transformTemplateId`), or null for none.
 * It must be a transform template, and the batch's own template an analysis one (a transform-only batch names its
 * transform as `templateId`).
 */
export async function transformStepVersion(db: PrismaClient, transformTemplateId: string | null | undefined, analysisVersionId: string | null): Promise<string | null> {
  if (!transformTemplateId) return null;
  const template = await db.analysisTemplate.findUnique({ where: { id: transformTemplateId }, select: { name: true, kind: true, currentVersion: true, versions: { select: { id: true, version: true } } } });
  if (!template) throw badRequest("transform_template_not_found", "transformTemplateId: that template does not exist.");
  if (template.kind !== "transform") throw badRequest("not_a_transform_template", `transformTemplateId: "${template.name}" is an ${template.kind} template, not a transform; choose a transform template (kind "transform") to prepare the images.`);
  if (await isTransformVersion(db, analysisVersionId)) {
    throw badRequest("transform_twice", "templateId is a transform template already: a transform runs before an analysis template. Leave transformTemplateId out for a transform-only batch, or choose an analysis template.");
  }
  return template.versions.find((version) => version.version === template.currentVersion)?.id ?? null;
}
