"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";

interface Delivery {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  log: { attempt: number; statusCode: number | null; responseExcerpt: string | null; error: string | null; durationMs: number; at: string }[];
}

const STATUS_STYLE: Record<string, string> = {
  succeeded: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200",
  pending: "bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-200",
  delivering: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-200",
};

/** An endpoint's delivery log (refreshing while open): each delivery with every attempt, and redeliver. */
export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const queryClient = useQueryClient();
  const notify = useToast();
  const key = ["webhook-deliveries", webhookId];
  const { data } = useQuery({ queryKey: key, queryFn: () => api<{ deliveries: Delivery[] }>(`/api/v1/webhooks/${webhookId}/deliveries`), refetchInterval: 2000 });
  const redeliver = useMutation({
    mutationFn: (deliveryId: string) => api(`/api/v1/webhooks/${webhookId}/deliveries/${deliveryId}/redeliver`, { method: "POST" }),
    onSuccess: () => {
      notify("ok", "Sent again within seconds, with the same webhook-id.");
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (e) => notify("error", (e as Error).message),
  });
  const deliveries = data?.deliveries ?? [];
  return (
    <div className="mt-3 rounded-lg border border-slate-200 dark:border-slate-800" aria-label="Delivery log" role="region">
      {deliveries.length === 0 ? <p className="px-3 py-2 text-xs text-slate-500">No deliveries yet: events appear here as batches finish, pause or are cancelled.</p> : null}
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {deliveries.map((delivery) => (
          <li key={delivery.id} data-testid="delivery-row" className="px-3 py-2 text-xs">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p>
                <span className={`mr-2 rounded px-1.5 py-0.5 font-medium ${STATUS_STYLE[delivery.status] ?? ""}`}>{delivery.status}</span>
                <code>{delivery.eventType}</code> · <span className="font-mono text-slate-500">{delivery.id}</span> · {new Date(delivery.createdAt).toLocaleString()}
                {delivery.nextAttemptAt ? ` · next try ${new Date(delivery.nextAttemptAt).toLocaleTimeString()}` : ""}
              </p>
              <Button onClick={() => redeliver.mutate(delivery.id)} disabled={delivery.status === "delivering"}>
                Redeliver
              </Button>
            </div>
            <ol className="mt-1 space-y-0.5 text-slate-600 dark:text-slate-400">
              {delivery.log.map((attempt) => (
                <li key={attempt.attempt} data-testid="delivery-attempt">
                  #{attempt.attempt} {new Date(attempt.at).toLocaleTimeString()} · {attempt.statusCode ?? "no answer"} · {attempt.durationMs} ms
                  {attempt.error ? ` · ${attempt.error}` : attempt.responseExcerpt ? ` · “${attempt.responseExcerpt.slice(0, 120)}”` : ""}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
    </div>
  );
}
