"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/components/ui/api";
import { AlertText } from "@/components/ui/alert-text";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import { ShownOnce } from "./shown-once";
import { WebhookDeliveries } from "./webhook-deliveries";

const EVENTS = ["batch.completed", "batch.cancelled", "batch.paused", "parent.completed", "export.ready"] as const;
const FIELD = "block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  createdAt: string;
}

export function Webhooks() {
  const queryClient = useQueryClient();
  const notify = useToast();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const { data } = useQuery({ queryKey: ["webhooks"], queryFn: () => api<{ webhooks: WebhookRow[] }>("/api/v1/webhooks") });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["webhooks"] });
  const create = useMutation({
    mutationFn: (body: unknown) => api<WebhookRow & { secret: string }>("/api/v1/webhooks", { method: "POST", json: body }),
    onSuccess: ({ secret: shown, ...created }) => {
      setSecret(shown);
      // Listed at once from the answer (a slow list refetch must not leave the new endpoint missing), then refetched.
      queryClient.setQueryData<{ webhooks: WebhookRow[] }>(["webhooks"], (old) => ({ webhooks: [created, ...(old?.webhooks ?? []).filter((hook) => hook.id !== created.id)] }));
      refresh();
    },
    onError: (e) => setError((e as Error).message),
  });
  const change = useMutation({
    mutationFn: ({ id, ...body }: { id: string; enabled?: boolean }) => api(`/api/v1/webhooks/${id}`, { method: "PATCH", json: body }),
    onSuccess: refresh,
    onError: (e) => notify("error", (e as Error).message),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/v1/webhooks/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      notify("ok", "Webhook deleted: it gets no more events.");
      refresh();
    },
    onError: (e) => notify("error", (e as Error).message),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const form = new FormData(event.currentTarget);
    create.mutate({ url: form.get("url"), events: form.getAll("events"), description: String(form.get("description") ?? "") || undefined });
  }

  return (
    <div className="space-y-6">
      <form onSubmit={submit} aria-label="Add a webhook" className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <label className="text-sm font-medium">
          Endpoint URL
          <input name="url" type="url" required placeholder="https://example.com/hooks/loupe" className={FIELD} />
        </label>
        <label className="text-sm font-medium">
          Description <span className="font-normal text-slate-500">(optional)</span>
          <input name="description" maxLength={200} placeholder="e.g. catalogue sync" className={FIELD} />
        </label>
        <fieldset className="text-sm font-medium">
          <legend>Events</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {EVENTS.map((event) => (
              <label key={event} className="inline-flex items-center gap-1 font-normal">
                <input type="checkbox" name="events" value={event} defaultChecked={event === "batch.completed" || event === "parent.completed"} /> <code>{event}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Add webhook
          </Button>
        </div>
        <AlertText>{error}</AlertText>
      </form>

      {secret ? (
        <ShownOnce
          title="The signing secret — copy it now, it is not shown again:"
          value={secret}
          testId="webhook-secret"
          hint="Check each delivery's webhook-signature with it (README → Webhooks)."
          onDone={() => setSecret(null)}
        />
      ) : null}

      <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {(data?.webhooks ?? []).length === 0 ? <li className="px-4 py-3 text-sm text-slate-500">No webhooks yet.</li> : null}
        {(data?.webhooks ?? []).map((hook) => (
          <li key={hook.id} data-testid="webhook-row" className="px-4 py-3 text-sm">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div className="min-w-0">
                <p className="truncate font-mono font-medium">{hook.url}</p>
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  {hook.events.join(", ")} · {hook.enabled ? "enabled" : "disabled"}
                  {hook.description ? ` · ${hook.description}` : ""}
                </p>
              </div>
              <div className="flex gap-2">
                <Button onClick={() => setOpen(open === hook.id ? null : hook.id)} aria-expanded={open === hook.id}>
                  Deliveries
                </Button>
                <Button onClick={() => change.mutate({ id: hook.id, enabled: !hook.enabled })}>{hook.enabled ? "Disable" : "Enable"}</Button>
                <Button variant="danger" onClick={() => remove.mutate(hook.id)}>
                  Delete
                </Button>
              </div>
            </div>
            {open === hook.id ? <WebhookDeliveries webhookId={hook.id} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
