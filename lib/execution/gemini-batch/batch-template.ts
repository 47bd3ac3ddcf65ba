import type { Config } from "../../config";
import type { PrismaClient } from "../../db/generated/client";
import { AnalysisError } from "../../errors";
import type { GeminiCallSettings } from "../../gemini/models";
import { modelInfo, type ModelInfo } from "../../gemini/models";
import { callSettingsOf } from "../../templates/call-settings";
import { compileTemplate, type CompiledTemplate } from "../../templates/compile-template";
import { defaultTemplateVersionId, getTemplateVersion } from "../../templates/manage-templates";

export interface BatchTemplate {
  versionId: string;
  compiled: CompiledTemplate;
  settings: GeminiCallSettings;
  model: ModelInfo;
}

/** The template a batch's images are analysed with, as interactive calls use it (same request, same cache key). */
export async function batchTemplate(db: PrismaClient, config: Config, batch: { templateVersionId: string | null; model: string | null }): Promise<BatchTemplate> {
  const versionId = batch.templateVersionId ?? (await defaultTemplateVersionId(db));
  if (!versionId) throw new AnalysisError("internal", "No template is available for this batch.", { retryable: false });
  const version = await getTemplateVersion(db, versionId);
  const settings = callSettingsOf(version, batch.model && batch.model !== "local" ? batch.model : config.GEMINI_MODEL);
  return { versionId, compiled: compileTemplate(version), settings, model: modelInfo(settings.model, config.models) };
}
