import type { PrismaClient } from "../db/generated/client";
import { badRequest } from "../errors";
import type { ModelChoice } from "./check-call-settings";
import { createTemplate, updateTemplate } from "./manage-templates";
import { enhanceTemplateInputSchema } from "./enhance-template-schema";
import { createEnhanceTemplate, updateEnhanceTemplate } from "./manage-enhance-templates";
import { createTransformTemplate, updateTransformTemplate } from "./manage-transform-templates";
import { templateInputSchema } from "./schemas";
import { transformTemplateInputSchema } from "./transform-template-schema";

export interface SaveTemplateOptions {
  createdById: string | null;
  choice: ModelChoice;
}

const KINDS = ["analysis", "transform", "enhance"];

/** A template's kind, as the body names it (`kind`, analysis when left out). */
function kindOf(body: unknown): string {
  const kind = (body as { kind?: unknown } | null)?.kind ?? "analysis";
  if (typeof kind !== "string" || !KINDS.includes(kind)) throw badRequest("invalid_template_kind", `kind must be ${KINDS.slice(0, -1).join(", ")} or ${KINDS.at(-1)}; "${String(kind)}" is not a template kind Loupe knows.`);
  return kind;
}

/** POST /templates and PUT /templates/{id}: the body is read by its kind (an analysis's fields, or a transform's operations). */
export async function saveTemplate(db: PrismaClient, body: unknown, options: SaveTemplateOptions, templateId?: string) {
  const writer = { createdById: options.createdById, defaultModel: options.choice.defaultModel };
  const kind = kindOf(body);
  if (kind === "enhance") {
    const input = enhanceTemplateInputSchema.parse(body);
    return templateId ? updateEnhanceTemplate(db, templateId, input, writer) : createEnhanceTemplate(db, input, writer);
  }
  if (kind === "transform") {
    const input = transformTemplateInputSchema.parse(body);
    return templateId ? updateTransformTemplate(db, templateId, input, writer) : createTransformTemplate(db, input, writer);
  }
  const input = templateInputSchema.parse(body);
  return templateId ? updateTemplate(db, templateId, input, options) : createTemplate(db, input, options);
}
