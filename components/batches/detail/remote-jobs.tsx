"use client";

import { useState } from "react";
import { remoteJobActive, type BatchProgressView, type RemoteJobView } from "./types";

const TONES: Record<string, string> = {
  PENDING: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-200",
  RUNNING: "bg-blue-100 text-blue-800 dark:bg-blue-950 dark:text-blue-200",
  SUCCEEDED: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  FAILED: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  CANCELLED: "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  EXPIRED: "bg-orange-100 text-orange-900 dark:bg-orange-950 dark:text-orange-200",
  LOUPE: "border border-dashed border-slate-300 text-slate-600 dark:border-slate-600 dark:text-slate-300",
};
const SHOWN_AT_FIRST = 10;

/** Google's state word without its prefix (BATCH_STATE_RUNNING, or JOB_STATE_RUNNING from older answers: RUNNING). */
function stateOf(job: RemoteJobView): { label: string; tone: string; title: string } {
  if (!job.name) return { label: job.phase, tone: TONES.LOUPE, title: `Not at Google yet: Loupe is at "${job.phase}"` };
  const word = job.state.replace(/^(BATCH|JOB)_STATE_/, "");
  return { label: word, tone: TONES[word] ?? TONES.CANCELLED, title: `Google's state: ${job.state}` };
}

function when(iso: string, now: Date) {
  const date = new Date(iso);
  return date.toDateString() === now.toDateString()
    ? date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" })
    : date.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

function fromNow(iso: string, now: Date) {
  const minutes = Math.round((new Date(iso).getTime() - now.getTime()) / 60_000);
  if (minutes <= 0) return "passed";
  return minutes < 60 ? `in ${minutes} min` : `in ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The engine's sentence for people, with its timestamps in local time and a capital letter. */
function nextStep(job: RemoteJobView, now: Date) {
  const text = job.next.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, (iso) => when(iso, now));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function Counts({ job }: { job: RemoteJobView }) {
  const total = Math.max(job.requestCount, 1);
  const part = (value: number) => `${(value / total) * 100}%`;
  return (
    <div className="mt-1 ml-auto flex h-1.5 w-24 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800" aria-hidden>
      <div className="bg-emerald-500" style={{ width: part(job.succeeded) }} />
      <div className="bg-red-500" style={{ width: part(job.failed) }} />
    </div>
  );
}

/**
 * The batch's jobs at Google's Batch API: each one's state as Google gives it, its counts, times, deadline, what Loupe
 * does next, and its last error. Refreshed by the batch page's polling.
 */
export function RemoteJobsCard({ batch }: { batch: BatchProgressView }) {
  const [showAll, setShowAll] = useState(false);
  if (batch.engine !== "batch") return null;
  const jobs = batch.remoteJobs ?? [];
  const now = new Date();
  const shown = showAll ? jobs : jobs.slice(0, SHOWN_AT_FIRST);
  const sum = (pick: (job: RemoteJobView) => number) => jobs.reduce((total, job) => total + pick(job), 0);
  const byState = new Map<string, number>();
  for (const job of jobs) byState.set(stateOf(job).label, (byState.get(stateOf(job).label) ?? 0) + 1);
  const active = jobs.filter(remoteJobActive).length;

  return (
    <section aria-label="Remote jobs" className="rounded-xl border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h2 className="text-base font-semibold">Remote jobs</h2>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            Gemini Batch API, half price · Google aims to finish each job within 24 h, usually much sooner
          </p>
        </div>
        {jobs.length ? (
          <p className="text-slate-600 dark:text-slate-400" data-testid="remote-jobs-summary">
            {jobs.length} job{jobs.length === 1 ? "" : "s"}
            {active ? ` (${active} in progress)` : ""} · {(sum((job) => job.succeeded) + sum((job) => job.failed)).toLocaleString("en")} of {sum((job) => job.requestCount).toLocaleString("en")} requests answered
            {[...byState].length > 1 ? ` · ${[...byState].map(([state, n]) => `${n} ${state}`).join(", ")}` : ""}
          </p>
        ) : null}
      </div>

      {jobs.length === 0 ? (
        <p className="mt-2 text-slate-600 dark:text-slate-400" data-testid="remote-jobs-empty">
          {batch.status === "queued" || batch.status === "running"
            ? "Loupe is preparing the first remote job: it writes the requests, uploads them with the Files API and submits the job to Google."
            : batch.status === "paused"
              ? "Paused: no remote job is started until you resume."
              : "No remote job was started for this batch."}
        </p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left">
            <thead className="text-xs text-slate-500 dark:text-slate-400">
              <tr className="border-b border-slate-100 dark:border-slate-800">
                <th className="py-1.5 pr-3 font-medium">Job</th>
                <th className="py-1.5 pr-3 font-medium">Google state</th>
                <th className="py-1.5 pr-3 text-right font-medium">Requests</th>
                <th className="py-1.5 pr-3 text-right font-medium">Succeeded</th>
                <th className="py-1.5 pr-3 text-right font-medium">Failed</th>
                <th className="py-1.5 pr-3 text-right font-medium">Pending</th>
                <th className="py-1.5 font-medium">Deadline</th>
              </tr>
            </thead>
            {shown.map((job) => {
              const state = stateOf(job);
              const error = job.lastError && !job.next.includes(job.lastError) ? job.lastError : null;
              return (
                <tbody key={job.displayName} data-testid="remote-job" className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                  <tr className="align-top">
                    <td className="max-w-72 pt-2 pr-3">
                      <span className="block break-all font-mono text-xs">{job.name ?? "not at Google yet"}</span>
                      <span className="block text-xs text-slate-500 dark:text-slate-400">
                        {job.displayName} · created {when(job.createdAt, now)} · updated {when(job.updatedAt, now)}
                      </span>
                    </td>
                    <td className="pt-2 pr-3">
                      <span title={state.title} data-testid="remote-job-state" className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 font-mono text-xs font-medium ${state.tone}`}>
                        {state.label}
                      </span>
                    </td>
                    <td className="pt-2 pr-3 text-right tabular-nums">
                      {job.requestCount.toLocaleString("en")}
                      <Counts job={job} />
                    </td>
                    <td className="pt-2 pr-3 text-right tabular-nums" data-testid="remote-job-succeeded">{job.succeeded.toLocaleString("en")}</td>
                    <td className={`pt-2 pr-3 text-right tabular-nums ${job.failed ? "font-medium text-red-700 dark:text-red-300" : ""}`}>{job.failed.toLocaleString("en")}</td>
                    <td className="pt-2 pr-3 text-right tabular-nums">{job.pending.toLocaleString("en")}</td>
                    <td className="whitespace-nowrap pt-2 tabular-nums">
                      {job.deadlineAt ? (
                        <>
                          {when(job.deadlineAt, now)}
                          {remoteJobActive(job) ? <span className="block text-xs text-slate-500 dark:text-slate-400">{fromNow(job.deadlineAt, now)}</span> : null}
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                  <tr>
                    <td colSpan={7} className="pt-1 pb-2 text-slate-700 dark:text-slate-300">
                      <span className="text-xs font-medium text-slate-500 dark:text-slate-400">Next: </span>
                      <span data-testid="remote-job-next">{nextStep(job, now)}</span>
                      {error ? (
                        <span className="mt-0.5 block text-xs text-amber-800 dark:text-amber-300" data-testid="remote-job-error">
                          Last error: {error}
                        </span>
                      ) : null}
                    </td>
                  </tr>
                </tbody>
              );
            })}
          </table>
          {jobs.length > SHOWN_AT_FIRST ? (
            <button type="button" onClick={() => setShowAll(!showAll)} className="mt-2 text-sm font-medium text-brand-700 hover:underline dark:text-brand-100">
              {showAll ? `Show the newest ${SHOWN_AT_FIRST}` : `Show all ${jobs.length} jobs`}
            </button>
          ) : null}
        </div>
      )}
    </section>
  );
}
