"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import type { BatchProgressView } from "./types";

const time = (iso: string) => new Date(iso).toLocaleTimeString("en", { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/**
 * Hosts whose breaker keeps this batch's images waiting: since when, how many, when Loupe tries again; an analyst can
 * fail those images now or keep waiting (the banner folds away; Loupe probes the host after its cool-down).
 */
export function UnreachableHosts({ batch, canRun }: { batch: BatchProgressView; canRun: boolean }) {
  const [dismissed, setDismissed] = useState<Set<string>>(new Set());
  const toast = useToast();
  const queryClient = useQueryClient();
  const fail = useMutation({
    mutationFn: (host: string) => api<{ failed?: number; task: { status: string } }>(`/api/v1/batches/${batch.id}/unreachable-hosts/fail`, { method: "POST", json: { host } }),
    onSuccess: (result, host) => toast("ok", result.failed !== undefined ? `${result.failed.toLocaleString("en")} images on ${host} failed.` : `Failing the images on ${host}…`),
    onError: (error) => toast("error", (error as Error).message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["batch", batch.id] }),
  });
  const hosts = (batch.unreachableHosts ?? []).filter((host) => !dismissed.has(host.host));
  if (hosts.length === 0) return null;
  return (
    <section role="alert" aria-label="Unreachable image hosts" className="space-y-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700/70 dark:bg-amber-950/40 dark:text-amber-100">
      {hosts.map((host) => (
        <div key={host.host} data-testid="unreachable-host" className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <p className="font-semibold">
              Host {host.host} unreachable since {time(host.since)}, {host.waiting.toLocaleString("en")}
              {host.waitingAtLeast ? "+" : ""} image{host.waiting === 1 ? "" : "s"} waiting
            </p>
            <p className="mt-0.5 text-amber-900 dark:text-amber-200">
              {host.state === "probing" ? "Loupe is trying it again now." : host.retryAt ? `Loupe tries it again at ${time(host.retryAt)}; meanwhile its images take no worker slots.` : null}
              {host.lastError ? ` Last error: ${host.lastError}` : ""}
            </p>
          </div>
          {canRun ? (
            <div className="flex gap-2">
              <Button variant="danger" disabled={fail.isPending} onClick={() => fail.mutate(host.host)}>
                Fail them now
              </Button>
              <Button onClick={() => setDismissed(new Set([...dismissed, host.host]))}>Keep waiting</Button>
            </div>
          ) : null}
        </div>
      ))}
    </section>
  );
}
