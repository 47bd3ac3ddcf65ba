"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { api } from "@/components/ui/api";
import { StatusBadge } from "@/components/ui/status-badge";
import type { SystemStatus } from "@/lib/admin/get-system-status";
import { AddKeyForm, KeyActions } from "./key-controls";
import { formatBytes, formatDuration, percent, resetText, untilText } from "./format";

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{title}</h2>
      {children}
    </section>
  );
}

function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
      {items.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
          <dd className="font-medium tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const TH = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400";
const TD = "px-3 py-2 align-top tabular-nums";

function KeyPoolTable({ pool }: { pool: SystemStatus["keyPool"] }) {
  if (pool.keys.length === 0)
    return (
      <>
        <p className="text-sm text-slate-600 dark:text-slate-400">No Gemini keys are configured. Set GEMINI_API_KEYS, or GEMINI_PROVIDER=vertex with a service account (see .env.example); until then batches use the offline analyzer.</p>
        <AddKeyForm />
      </>
    );
  const projects = new Map(pool.projects.map((p) => [p.id, p]));
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <thead>
          <tr>
            {["Key", "Project", "State", "RPM used / limit", "TPM used / limit", "Today", "Success", "Latency", "429s (1 h)", ""].map((h) => (
              <th key={h} className={TH}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {pool.keys.map((key) => {
            const project = projects.get(key.project);
            return (
              <tr key={key.id} data-testid="key-row">
                <td className={`${TD} font-mono`}>{key.maskedKey}</td>
                <td className={TD}>{key.project}</td>
                <td className={TD}>
                  <StatusBadge status={key.state} />
                  <p className="mt-1 max-w-xs text-xs text-slate-500 dark:text-slate-400">
                    {key.state === "cooling_down"
                      ? untilText(key.cooldownUntil)
                      : key.state === "exhausted"
                        ? `Daily quota used up, ${resetText(key.exhaustedUntil)}`
                        : key.state === "active" && !key.proven
                          ? "Waiting for its first answer (one probe call before any traffic)"
                          : (key.stateReason ?? "")}
                  </p>
                </td>
                <td className={TD}>{project ? `${project.rpmUsed} / ${project.rpmLimit}` : "—"}</td>
                <td className={TD}>{project ? `${project.tpmUsed.toLocaleString()} / ${project.tpmLimit.toLocaleString()}` : "—"}</td>
                <td className={TD}>{project ? `${key.requestsToday} (project ${project.rpdUsed} / ${project.rpdLimit})` : key.requestsToday}</td>
                <td className={TD}>{percent(key.successRate)}</td>
                <td className={TD}>{key.latencyMs === null ? "—" : `${key.latencyMs} ms`}</td>
                <td className={TD}>{key.rateLimitedLastHour}</td>
                <td className={TD}>
                  <KeyActions id={key.id} maskedKey={key.maskedKey} state={key.state} source={key.source} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pool.projects
        .filter((project) => project.exhaustedUntil)
        .map((project) => (
          <p key={project.id} role="status" data-testid="project-daily-exhausted" className="mt-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            Project <span className="font-mono">{project.id}</span>: daily quota used up, {resetText(project.exhaustedUntil)}. Its keys wait until then
            {pool.projects.every((other) => other.exhaustedUntil) ? "; no project has quota left today, so batches wait for the reset." : "; other projects carry on."}
            {project.exhaustedReason ? <span className="mt-1 block text-xs opacity-80">Google: {project.exhaustedReason}</span> : null}
          </p>
        ))}
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Rate limits apply per Google Cloud project: keys of one project share its quota and cool down together.</p>
      <AddKeyForm />
    </div>
  );
}

export function SystemStatusView() {
  const { data, error, dataUpdatedAt } = useQuery({ queryKey: ["admin-status"], queryFn: () => api<SystemStatus>("/api/v1/admin/status"), refetchInterval: 5000 });
  if (error) return <p role="alert" className="text-sm text-red-700 dark:text-red-300">Could not load the status: {(error as Error).message}</p>;
  if (!data) return <p className="text-sm text-slate-500">Loading the system status…</p>;
  const queueRows = data.jobs.queues.flatMap((queue) => Object.entries(queue.states).map(([state, n]) => `${queue.name}: ${n} ${state}`));
  return (
    <div className="space-y-4">
      <p className="text-xs text-slate-500 dark:text-slate-400" aria-live="polite">
        Refreshes every 5 s · last update {new Date(dataUpdatedAt).toLocaleTimeString()}
      </p>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Database">
          <Facts
            items={[
              ["PostgreSQL", data.database.version],
              ["Size", formatBytes(data.database.sizeBytes)],
              ["Connections", data.database.connections],
              ["Migrations", data.migrations.current ? `current (${data.migrations.applied})` : `${data.migrations.pending.length} pending, ${data.migrations.failed.length} failed`],
            ]}
          />
        </Card>
        <Card title="Jobs">
          <Facts
            items={[
              ["Engine", data.jobs.adapter],
              ["Images queued", data.jobs.imagesQueued.toLocaleString()],
              ["Images processing", data.jobs.imagesProcessing.toLocaleString()],
              ["Oldest queued job", data.jobs.oldestQueuedSeconds === null ? "—" : formatDuration(data.jobs.oldestQueuedSeconds)],
              ["Workers alive", data.workers.length],
            ]}
          />
          {queueRows.length ? <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">{queueRows.join(" · ")}</p> : null}
        </Card>
        <Card title="Throughput">
          <Facts
            items={[
              ["Last minute", `${data.throughput.lastMinute} images`],
              ["Last 15 minutes", `${data.throughput.last15Minutes} images`],
              ["Last hour", `${data.throughput.lastHour} images`],
              ["Storage", `${formatBytes(data.storage.bytes)} in ${data.storage.files.toLocaleString()} files`],
              ["Version", `${data.version} · up ${formatDuration(data.uptimeSeconds)}`],
            ]}
          />
        </Card>
      </div>
      <Card title="Gemini key pool">
        <KeyPoolTable pool={data.keyPool} />
      </Card>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Workers">
          {data.workers.length === 0 ? (
            <p className="text-sm text-amber-800 dark:text-amber-200">No worker has reported in the last minute: queued images will wait. Start one with `npm run worker` or WORKER=on.</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {data.workers.map((w) => (
                <li key={w.id}>
                  <span className="font-medium">{w.hostname}</span> pid {w.pid} · {w.adapter} · concurrency {w.concurrency} · heartbeat {Math.max(0, Math.round((dataUpdatedAt - new Date(w.heartbeatAt).getTime()) / 1000))} s ago
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Errors in the last hour">
          {data.recentErrors.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">No errors.</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {data.recentErrors.map((e) => (
                <li key={e.code}>
                  <span className="font-mono font-medium">{e.code}</span> × {e.count} <span className="text-xs text-slate-500">(last {new Date(e.lastAt).toLocaleTimeString()})</span>
                  {e.sample ? <p className="truncate text-xs text-slate-500 dark:text-slate-400">{e.sample}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
