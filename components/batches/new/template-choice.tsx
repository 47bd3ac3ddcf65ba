"use client";

import { offlineAnswers } from "@/lib/templates/offline-fields";
import type { TemplateField } from "@/lib/templates/schemas";

export interface TemplateOption {
  id: string;
  name: string;
  description: string | null;
  kind?: string;
  current?: { fields?: TemplateField[] } | null;
}

const OFFLINE_LABELS = { text: "text by OCR", faces: "faces" } as const;

const selectClass = "w-72 rounded-md border border-slate-300 bg-white px-2 py-1.5 font-normal dark:border-slate-700 dark:bg-slate-900";

/**
 * What the batch does with each image: an analysis template (Gemini, or the offline analyzer), or a transform template
 * that makes images; and, before an analysis, an optional transform whose result is what the analysis sees.
 */
export function TemplateChoice({
  templates,
  geminiConfigured,
  templateId,
  onTemplate,
  transformId,
  onTransform,
}: {
  templates: TemplateOption[];
  geminiConfigured: boolean;
  templateId: string;
  onTemplate: (id: string) => void;
  transformId: string;
  onTransform: (id: string) => void;
}) {
  const analyses = templates.filter((template) => (template.kind ?? "analysis") === "analysis");
  const transforms = templates.filter((template) => template.kind === "transform");
  const enhances = templates.filter((template) => template.kind === "enhance");
  const isTransform = transforms.some((template) => template.id === templateId);
  const isEnhance = enhances.some((template) => template.id === templateId);
  return (
    <>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Template
        <select value={templateId} onChange={(event) => onTemplate(event.target.value)} className={selectClass}>
          <optgroup label="Analyse (JSON results)">
            {analyses.map((template) => {
              // Without Gemini, the offline analyzer still answers a template's text fields (OCR) and face fields.
              const answers = geminiConfigured ? [] : offlineAnswers(template.current?.fields ?? []);
              const offline = answers.length > 0;
              return (
                <option key={template.id} value={template.id} disabled={!geminiConfigured && !offline}>
                  {template.name}
                  {geminiConfigured ? "" : offline ? ` (offline: ${answers.map((answer) => OFFLINE_LABELS[answer]).join(" and ")})` : " (needs Gemini)"}
                </option>
              );
            })}
            <option value="local">Offline analyzer (no Gemini call)</option>
          </optgroup>
          {transforms.length ? (
            <optgroup label="Transform (makes images)">
              {transforms.map((template) => (
                <option key={template.id} value={template.id}>
                  {template.name}
                </option>
              ))}
            </optgroup>
          ) : null}
          {enhances.length ? (
            <optgroup label="Enhance (makes product images with Gemini)">
              {enhances.map((template) => (
                <option key={template.id} value={template.id} disabled={!geminiConfigured}>
                  {template.name}
                  {geminiConfigured ? "" : " (needs Gemini)"}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </label>
      {!isTransform && !isEnhance && transforms.length ? (
        <label className="flex flex-col gap-1 text-sm font-medium">
          Transform first
          <select value={transformId} onChange={(event) => onTransform(event.target.value)} className={selectClass} aria-describedby="transform-first-hint">
            <option value="">None: analyse the originals</option>
            {transforms.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </>
  );
}

/** A batch with a transform runs on this server's worker, image by image: only interactive calls take it. */
export function transformModeNote(templates: TemplateOption[], templateId: string, transformId: string): string | null {
  if (templates.some((template) => template.id === templateId && template.kind === "transform")) return "A transform runs on this server with no Gemini call.";
  if (transformId) return "With a transform first, images are prepared and analysed one by one: interactive calls only.";
  return null;
}
