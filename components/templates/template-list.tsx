"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import type { TemplateField } from "@/lib/templates/schemas";
import type { CallSettingsView } from "@/lib/templates/call-settings";
import { TemplateEditor, type EditableTemplate } from "./template-editor";
import { TransformEditor, type EditableTransform } from "./transform-editor";
import { useCan } from "@/components/auth/session-context";
import { operationsSummary } from "./operations-summary";
import { EnhanceTemplateEditor, NEW_ENHANCE_TEMPLATE, type EditableEnhanceTemplate } from "./enhance-template-editor";

function editableEnhance(template: TemplateView): EditableEnhanceTemplate {
  const current = template.current;
  return { id: template.id, name: template.name, description: template.description ?? "", instructions: current?.instructions ?? "", variants: current?.variants ?? null, aspectRatio: current?.aspectRatio ?? null, model: current?.model ?? NEW_ENHANCE_TEMPLATE.model };
}

interface TemplateView {
  id: string;
  name: string;
  description: string | null;
  builtIn: boolean;
  kind: "analysis" | "transform" | "enhance";
  currentVersion: number;
  current: ({ instructions: string; fields: TemplateField[]; operations: unknown; variants: number | null; aspectRatio: string | null } & CallSettingsView) | null;
}

// New templates start at the cheapest setting: the server's model, no thinking, Google's default image detail.
const NEW_TEMPLATE: EditableTemplate = {
  name: "",
  description: "",
  instructions: "",
  fields: [{ name: "caption", type: "string", description: "One sentence", required: true }],
  model: null,
  thinking: "off",
  mediaResolution: "default",
  maxOutputTokens: null,
};

function editable(template: TemplateView): EditableTemplate {
  const current = template.current;
  return {
    id: template.id,
    name: template.name,
    description: template.description ?? "",
    instructions: current?.instructions ?? "",
    fields: current?.fields ?? [],
    model: current?.model ?? null,
    // A version saved before settings existed runs with the model's own thinking default: shown as what it is.
    thinking: current?.effective.thinking ?? "off",
    mediaResolution: current?.effective.mediaResolution ?? "default",
    maxOutputTokens: current?.maxOutputTokens ?? null,
  };
}

const NEW_TRANSFORM: EditableTransform = {
  name: "",
  description: "",
  operationsText: JSON.stringify([{ op: "resize", width: 1200, height: 1200, fit: "inside", withoutEnlargement: true }, { op: "flatten", background: "#ffffff" }, { op: "format", format: "webp", quality: 82 }], null, 2),
};

const editableTransform = (template: TemplateView): EditableTransform => ({
  id: template.id,
  name: template.name,
  description: template.description ?? "",
  operationsText: JSON.stringify(template.current?.operations ?? [], null, 2),
});

function settingsLine(current: CallSettingsView): string {
  const { effective } = current;
  const thinking = typeof effective.thinking === "number" ? `thinking budget ${effective.thinking.toLocaleString("en")}` : `thinking ${effective.thinking}`;
  return `${effective.model}${current.model ? "" : " (server default)"} · ${thinking} · media resolution ${effective.mediaResolution}${effective.maxOutputTokens ? ` · max ${effective.maxOutputTokens.toLocaleString("en")} output tokens` : ""}`;
}

export function TemplateList() {
  const { data, isLoading, error } = useQuery({ queryKey: ["templates"], queryFn: () => api<{ templates: TemplateView[] }>("/api/v1/templates") });
  const [editing, setEditing] = useState<EditableTemplate | null>(null);
  const [enhancing, setEnhancing] = useState<EditableEnhanceTemplate | null>(null);
  const [editingTransform, setEditingTransform] = useState<EditableTransform | null>(null);
  const toast = useToast();
  const canEdit = useCan("analyst");
  const startEditing = (template: TemplateView) => {
    if (template.kind === "enhance") setEnhancing(editableEnhance(template));
    else if (template.kind === "transform") setEditingTransform(editableTransform(template));
    else setEditing(editable(template));
  };

  return (
    <div className="space-y-4">
      {editing ? (
        <TemplateEditor
          key={editing.id ?? "new"}
          initial={editing}
          onDone={(text) => {
            setEditing(null);
            if (text) toast("ok", text);
          }}
        />
      ) : enhancing ? (
        <EnhanceTemplateEditor
          key={enhancing.id ?? "new-enhance"}
          initial={enhancing}
          onDone={(text) => {
            setEnhancing(null);
            if (text) toast("ok", text);
          }}
        />
      ) : editingTransform ? (
        <TransformEditor
          key={editingTransform.id ?? "new-transform"}
          initial={editingTransform}
          onDone={(text) => {
            setEditingTransform(null);
            if (text) toast("ok", text);
          }}
        />
      ) : canEdit ? (
        <div className="flex flex-wrap gap-2">
          <Button variant="primary" onClick={() => setEditing(NEW_TEMPLATE)}>
            New template
          </Button>
          <Button onClick={() => setEnhancing(NEW_ENHANCE_TEMPLATE)}>New enhance template</Button>
          <Button onClick={() => setEditingTransform(NEW_TRANSFORM)}>New transform template</Button>
        </div>
      ) : null}
      {isLoading ? <div className="h-40 animate-pulse rounded-xl bg-slate-200 dark:bg-slate-800" /> : null}
      {error ? <p role="alert" className="text-red-700">{(error as Error).message}</p> : null}
      <ul className="grid gap-4 md:grid-cols-2">
        {(data?.templates ?? []).map((template) => (
          <li key={template.id} className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <div className="flex items-start justify-between gap-2">
              <div>
                <h2 className="font-semibold">{template.name}</h2>
                <p className="text-xs text-slate-500">
                  version {template.currentVersion}
                  {template.builtIn ? " · built in" : ""}
                </p>
              </div>
              {canEdit ? (
                <Button onClick={() => startEditing(template)} aria-label={`Edit ${template.name}`}>
                  Edit
                </Button>
              ) : null}
            </div>
            {template.description ? <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{template.description}</p> : null}
            {template.kind === "enhance" ? (
              <p className="mt-2 text-xs text-slate-500" data-testid="template-enhance">
                Enhance (makes images): {template.current?.variants ?? "default number of"} variant{template.current?.variants === 1 ? "" : "s"} per product · {template.current?.aspectRatio ?? "the photo's shape"} · {template.current?.model}
              </p>
            ) : template.kind === "transform" ? (
              <p className="mt-2 text-xs text-slate-500" data-testid="template-operations">
                Transform (makes images): {operationsSummary(template.current?.operations)}
              </p>
            ) : (
              <p className="mt-2 text-xs text-slate-500">Fields: {(template.current?.fields ?? []).map((field) => `${field.name} (${field.type})`).join(", ")}</p>
            )}
            {template.current && template.kind === "analysis" ? (
              <p className="mt-1 text-xs text-slate-500" data-testid="template-settings">
                {settingsLine(template.current)}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
