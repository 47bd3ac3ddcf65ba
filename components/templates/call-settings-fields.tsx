"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { api } from "@/components/ui/api";
import type { MediaResolutionSetting, ThinkingSetting } from "@/lib/gemini/models";
import { formatTokens, formatUsd, outputRoom, thinkingAllowed, type ModelsView, type ModelView } from "@/lib/templates/estimate-call-cost";

/** How a template calls Gemini, as the editor holds it. model null: the server's GEMINI_MODEL. */
export interface EditableCallSettings {
  model: string | null;
  thinking: ThinkingSetting;
  mediaResolution: MediaResolutionSetting;
  maxOutputTokens: number | null;
}

export const useModels = () => useQuery({ queryKey: ["models"], queryFn: () => api<ModelsView>("/api/v1/models"), staleTime: 5 * 60_000 });

/** The model a setting resolves to (the server's default where none is chosen); an unknown one is treated as the default's. */
export function modelOf(catalogue: ModelsView, model: string | null): ModelView {
  const id = model ?? catalogue.defaultModel;
  return catalogue.models.find((entry) => entry.id === id) ?? catalogue.models.find((entry) => entry.id === catalogue.defaultModel) ?? catalogue.models[0];
}

const inputClass = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900";
const fieldClass = "flex flex-col gap-1 text-sm font-medium";
const hintClass = "text-xs font-normal text-slate-500 dark:text-slate-400";
const price = (value: number) => `$${Number.isInteger(Math.round(value * 1e6) / 1e4) ? value.toFixed(2) : String(value)}`;
const per1000 = (tokens: number, pricePerMillion: number) => (1000 * tokens * pricePerMillion) / 1_000_000;

function thinkingLabel(model: ModelView, setting: "off" | "low" | "dynamic"): string {
  const tokens = model.thinkingTokens[setting];
  if (setting === "off") return model.thinking?.canTurnOff ? "Off (no thinking)" : `Off (the least ${model.label} allows: ${formatTokens(tokens)} tokens)`;
  if (setting === "low") return `Low (up to ${formatTokens(tokens)} thought tokens)`;
  return `Dynamic (the model decides; planned as up to ${formatTokens(tokens)})`;
}

/** A thinking setting that still makes sense on another model: "off" on a model that does not think, budgets within range. */
export function fitThinking(thinking: ThinkingSetting, model: ModelView): ThinkingSetting {
  if (!model.thinking) return "off";
  if (typeof thinking === "number") return Math.min(model.thinking.maxBudget, Math.max(model.thinking.minBudget, thinking));
  return thinking;
}

/** Model, thinking, media resolution and output room, each with what it costs for the chosen model. */
export function CallSettingsFields({ catalogue, value, onChange }: { catalogue: ModelsView; value: EditableCallSettings; onChange: (value: EditableCallSettings) => void }) {
  const id = useId();
  const model = modelOf(catalogue, value.model);
  const defaultModel = modelOf(catalogue, null);
  const thoughts = thinkingAllowed(model, value.thinking);
  const thinkingMode = typeof value.thinking === "number" ? "budget" : value.thinking;
  const room = outputRoom(catalogue, model, { thinking: value.thinking, maxOutputTokens: null });
  const resolutions: MediaResolutionSetting[] = ["default", "low", "medium", "high"];

  return (
    <fieldset className="space-y-3 rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      <legend className="px-1 text-sm font-medium">How Gemini is called</legend>
      <div className={fieldClass}>
        <label htmlFor={`${id}-model-select`}>Model</label>
        <select
          id={`${id}-model-select`}
          className={inputClass}
          value={value.model ?? ""}
          aria-describedby={`${id}-model`}
          onChange={(event) => {
            const next = event.target.value || null;
            onChange({ ...value, model: next, thinking: fitThinking(value.thinking, modelOf(catalogue, next)) });
          }}
        >
          <option value="">Server default: {defaultModel.label} (GEMINI_MODEL)</option>
          {catalogue.models.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}: {price(entry.prices.input)} in / {price(entry.prices.output)} out per 1M tokens
            </option>
          ))}
        </select>
        <span id={`${id}-model`} className={hintClass}>
          {model.id}: {model.note} Input {price(model.prices.input)}, output (thoughts included) {price(model.prices.output)} per 1M tokens.
        </span>
      </div>

      <div className="space-y-3">
        <div className={fieldClass}>
          <label htmlFor={`${id}-thinking-select`}>Thinking</label>
          <select
            id={`${id}-thinking-select`}
            className={inputClass}
            value={model.thinking ? thinkingMode : "off"}
            disabled={!model.thinking}
            aria-describedby={`${id}-thinking`}
            onChange={(event) => {
              const mode = event.target.value;
              const budget = model.thinking ? Math.max(model.thinking.minBudget, 1024) : 1024;
              onChange({ ...value, thinking: mode === "budget" ? budget : (mode as "off" | "low" | "dynamic") });
            }}
          >
            {model.thinking ? (
              <>
                <option value="off">{thinkingLabel(model, "off")}</option>
                <option value="low">{thinkingLabel(model, "low")}</option>
                <option value="dynamic">{thinkingLabel(model, "dynamic")}</option>
                <option value="budget">Budget (tokens, {formatTokens(Math.max(1, model.thinking.minBudget))}–{formatTokens(model.thinking.maxBudget)})</option>
              </>
            ) : (
              <option value="off">Off ({model.label} does not think)</option>
            )}
          </select>
        </div>
        {typeof value.thinking === "number" && model.thinking ? (
          <div className={fieldClass}>
            <label htmlFor={`${id}-budget`}>Thinking budget (tokens)</label>
            <input
              id={`${id}-budget`}
              type="number"
              className={inputClass}
              min={Math.max(1, model.thinking.minBudget)}
              max={model.thinking.maxBudget}
              step={128}
              value={value.thinking}
              onChange={(event) => onChange({ ...value, thinking: Math.max(1, Math.round(Number(event.target.value) || 0)) })}
            />
          </div>
        ) : null}
      </div>
      <p id={`${id}-thinking`} className={hintClass} data-testid="thinking-cost">
        {thoughts === 0
          ? "No thoughts: nothing extra is billed."
          : `Thoughts are billed as output: up to ${formatTokens(thoughts)} tokens, ≈ ${formatUsd(per1000(thoughts, model.prices.output))} per 1,000 images at most.`}
        {model.thinking && !model.thinking.canTurnOff && value.thinking === "off" ? ` ${model.label} cannot stop thinking, so "off" sends its least.` : ""}
      </p>

      <div className={fieldClass}>
        <label htmlFor={`${id}-media-select`}>Media resolution</label>
        <select id={`${id}-media-select`} className={inputClass} value={value.mediaResolution} aria-describedby={`${id}-media`} onChange={(event) => onChange({ ...value, mediaResolution: event.target.value as MediaResolutionSetting })}>
          {resolutions.map((resolution) => (
            <option key={resolution} value={resolution}>
              {resolution}: {formatTokens(model.imageTokens[resolution])} tokens per image
              {resolution === "default" && model.tileRule ? ` (${model.imageTokens.default / 258} tiles of 258)` : ""} · {formatUsd(per1000(model.imageTokens[resolution], model.prices.input))} per 1,000
            </option>
          ))}
        </select>
        <span id={`${id}-media`} className={hintClass}>
          For a {catalogue.typicalPhoto.sent.width}×{catalogue.typicalPhoto.sent.height} photo on {model.label}. Low reads less detail (small text, fine boxes suffer).
        </span>
      </div>

      <div className={fieldClass}>
        <label htmlFor={`${id}-max-output`}>Max output tokens</label>
        <input
          id={`${id}-max-output`}
          type="number"
          className={inputClass}
          min={16}
          max={65_536}
          placeholder={`${formatTokens(room)} (Loupe's default)`}
          value={value.maxOutputTokens ?? ""}
          aria-describedby={`${id}-output`}
          onChange={(event) => onChange({ ...value, maxOutputTokens: event.target.value === "" ? null : Math.round(Number(event.target.value)) })}
        />
        <span id={`${id}-output`} className={hintClass}>
          Room for the answer and the thoughts (they count against it). Empty: {formatTokens(catalogue.answerTokens)} for the answer{thoughts ? ` + ${formatTokens(thoughts)} for thinking` : ""}. You pay only for what is used.
        </span>
      </div>
    </fieldset>
  );
}
