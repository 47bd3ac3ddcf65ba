"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import type { ReviewRules } from "@/lib/review/review-rules";
import type { TemplateField } from "@/lib/templates/schemas";

interface TemplateOption {
  id: string;
  name: string;
  kind?: string;
  reviewRules: Partial<ReviewRules> | null;
  current: { fields: TemplateField[] } | null;
}

const DEFAULTS: ReviewRules = { autoApprove: false, confidenceField: null, threshold: 0.8, agreementFields: [], qaSamplePercent: 0 };

/** Number fields a confidence can come from, nested ones dotted (objects.confidence: a list's lowest counts). */
function numberPaths(fields: TemplateField[], prefix = ""): string[] {
  return fields.flatMap((field) => {
    const inner = field.type === "list" ? field.items : field;
    if (inner?.type === "number" || inner?.type === "integer") return [`${prefix}${field.name}`];
    return inner?.type === "object" ? numberPaths(inner.properties ?? [], `${prefix}${field.name}.`) : [];
  });
}

function RulesEditor({ template, onSaved }: { template: TemplateOption; onSaved: () => void }) {
  const id = useId();
  const toast = useToast();
  const [rules, setRules] = useState<ReviewRules>({ ...DEFAULTS, ...template.reviewRules });
  const fields = template.current?.fields ?? [];
  const numbers = numberPaths(fields);
  const save = useMutation({
    mutationFn: () => api(`/api/v1/templates/${template.id}/review-rules`, { method: "PUT", json: rules }),
    onSuccess: () => (toast("ok", `Review rules saved for "${template.name}": they apply to results from now on.`), onSaved()),
    onError: (error) => toast("error", (error as Error).message),
  });
  const set = (patch: Partial<ReviewRules>) => setRules((current) => ({ ...current, ...patch }));
  const input = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
  return (
    <form aria-label={`Review rules for ${template.name}`} className="space-y-3 text-sm" onSubmit={(event) => (event.preventDefault(), save.mutate())}>
      <label className="flex items-center gap-2 font-medium">
        <input type="checkbox" checked={rules.autoApprove} onChange={(event) => set({ autoApprove: event.target.checked })} />
        Approve results automatically when every field fits the template and…
      </label>
      <fieldset disabled={!rules.autoApprove} className="ml-6 space-y-2 disabled:opacity-60">
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={`${id}-confidence`}>the confidence field</label>
          <select id={`${id}-confidence`} value={rules.confidenceField ?? ""} onChange={(event) => set({ confidenceField: event.target.value || null })} className={input}>
            <option value="">(none)</option>
            {numbers.map((path) => (
              <option key={path} value={path}>
                {path}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-threshold`}>is at least</label>
          <input id={`${id}-threshold`} type="number" min={0} max={1} step={0.01} value={rules.threshold} onChange={(event) => set({ threshold: Number(event.target.value) })} className={`${input} w-20`} />
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <span>or an earlier run on the same image (another model or version) agrees on</span>
          {fields.map((field) => (
            <label key={field.name} className="inline-flex items-center gap-1">
              <input
                type="checkbox"
                checked={rules.agreementFields.includes(field.name)}
                onChange={(event) => set({ agreementFields: event.target.checked ? [...rules.agreementFields, field.name] : rules.agreementFields.filter((name) => name !== field.name) })}
              />
              {field.name}
            </label>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={`${id}-qa`}>Still send a random QA sample of</label>
          <input id={`${id}-qa`} type="number" min={0} max={100} step={1} value={rules.qaSamplePercent} onChange={(event) => set({ qaSamplePercent: Number(event.target.value) })} className={`${input} w-20`} />
          <span>% to people.</span>
        </div>
      </fieldset>
      <p className="text-xs text-slate-500">Answers that do not fit the template always go to people. Without a rule, every result does.</p>
      <Button type="submit" variant="primary" disabled={save.isPending}>
        Save rules
      </Button>
    </form>
  );
}

/** Per template: what is approved without a person, and what goes to people (Review page). */
export function ReviewRulesPanel() {
  const id = useId();
  const queryClient = useQueryClient();
  const templates = useQuery({ queryKey: ["templates"], queryFn: () => api<{ templates: TemplateOption[] }>("/api/v1/templates") });
  const analysis = (templates.data?.templates ?? []).filter((template) => (template.kind ?? "analysis") === "analysis");
  const [chosen, setChosen] = useState("");
  const template = analysis.find((t) => t.id === chosen) ?? analysis[0];
  return (
    <details className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <summary className="cursor-pointer text-base font-semibold">Routing rules: what is approved without a person</summary>
      <div className="mt-3 space-y-3">
        <div className="flex items-center gap-2 text-sm">
          <label htmlFor={`${id}-template`}>Template</label>
          <select id={`${id}-template`} value={template?.id ?? ""} onChange={(event) => setChosen(event.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900">
            {analysis.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
                {t.reviewRules?.autoApprove ? " (auto-approves)" : ""}
              </option>
            ))}
          </select>
        </div>
        {template ? <RulesEditor key={template.id} template={template} onSaved={() => queryClient.invalidateQueries({ queryKey: ["templates"] })} /> : null}
      </div>
    </details>
  );
}
