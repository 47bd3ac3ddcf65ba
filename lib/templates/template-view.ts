import type { TemplateVersion } from "../db/generated/client";
import { callSettingsView } from "./call-settings";
import type { TemplateField } from "./schemas";

/** A version as the API returns it: its text, its fields and how it calls Gemini (as saved, and what a call sends today). */
export function versionView(version: TemplateVersion, defaultModel: string) {
  const { model, thinking, mediaResolution, maxOutputTokens, fields, ...rest } = version;
  return { ...rest, fields: fields as unknown as TemplateField[], ...callSettingsView({ model, thinking, mediaResolution, maxOutputTokens }, defaultModel) };
}

export type TemplateVersionView = ReturnType<typeof versionView>;

/** A template with its current version (`current`) and the versions read with it, newest first. */
export function templateView<T extends { currentVersion: number; versions: TemplateVersion[] }>(template: T, defaultModel: string) {
  const { versions, ...rest } = template;
  const views = [...versions].sort((a, b) => b.version - a.version).map((version) => versionView(version, defaultModel));
  return { ...rest, current: views.find((version) => version.version === template.currentVersion) ?? views[0] ?? null, versions: views };
}
