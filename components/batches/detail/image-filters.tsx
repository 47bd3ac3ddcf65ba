"use client";

import { useId } from "react";

export interface ImageFilterValues {
  status: string;
  errorCode: string;
  reviewStatus: string;
}

export const NO_FILTERS: ImageFilterValues = { status: "", errorCode: "", reviewStatus: "" };
const STATUSES = ["queued", "processing", "succeeded", "failed", "cancelled"];
const REVIEW_STATUSES = ["pending_review", "approved", "rejected"];

export function filtersToQuery(filters: ImageFilterValues): string {
  return Object.entries(filters)
    .filter(([, value]) => value)
    .map(([name, value]) => `&${name}=${encodeURIComponent(value)}`)
    .join("");
}

export function describeFilters(filters: ImageFilterValues): string {
  const parts = [filters.status && `status ${filters.status}`, filters.errorCode && `error ${filters.errorCode}`, filters.reviewStatus && `review ${filters.reviewStatus.replace("_", " ")}`].filter(Boolean);
  return parts.length ? ` with ${parts.join(", ")}` : "";
}

const selectClass = "rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";

/** The image table's filters: status, error code and review status, all applied on the server. */
export function ImageFilters({ value, errorCodes, onChange }: { value: ImageFilterValues; errorCodes: string[]; onChange: (next: ImageFilterValues) => void }) {
  const id = useId();
  const select = (name: keyof ImageFilterValues, label: string, options: string[], anyLabel: string) => (
    <span className="flex items-center gap-2 text-sm">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <select id={`${id}-${name}`} value={value[name]} onChange={(event) => onChange({ ...value, [name]: event.target.value })} className={selectClass}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option.replaceAll("_", " ")}
          </option>
        ))}
      </select>
    </span>
  );
  return (
    <div className="flex flex-wrap items-center gap-3">
      {select("status", "Status", STATUSES, "all")}
      {select("errorCode", "Error", errorCodes, "any")}
      {select("reviewStatus", "Review", REVIEW_STATUSES, "any")}
    </div>
  );
}
