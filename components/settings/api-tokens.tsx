"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import { ShownOnce } from "./shown-once";

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

const FIELD = "block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

function tokenState(token: TokenRow) {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && new Date(token.expiresAt) <= new Date()) return "expired";
  return token.expiresAt ? `expires ${new Date(token.expiresAt).toLocaleDateString()}` : "never expires";
}

export function ApiTokens() {
  const queryClient = useQueryClient();
  const notify = useToast();
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { data } = useQuery({ queryKey: ["tokens"], queryFn: () => api<{ tokens: TokenRow[] }>("/api/v1/tokens") });
  const create = useMutation({
    mutationFn: (body: unknown) => api<{ token: { token: string } }>("/api/v1/tokens", { method: "POST", json: body }),
    onSuccess: (result) => {
      setCreated(result.token.token);
      void queryClient.invalidateQueries({ queryKey: ["tokens"] });
    },
    onError: (e) => setError((e as Error).message),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/v1/tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      notify("ok", "Token revoked: programs using it are refused from now on.");
      void queryClient.invalidateQueries({ queryKey: ["tokens"] });
    },
    onError: (e) => notify("error", (e as Error).message),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const form = new FormData(event.currentTarget);
    const days = String(form.get("expires"));
    create.mutate({ name: form.get("name"), scopes: form.getAll("scopes"), expiresInDays: days === "never" ? null : Number(days) });
  }

  return (
    <div className="space-y-6">
      <form onSubmit={submit} aria-label="Create a token" className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-4 dark:border-slate-800 dark:bg-slate-900">
        <label className="text-sm font-medium sm:col-span-2">
          Name
          <input name="name" required maxLength={100} placeholder="e.g. nightly catalogue sync" className={FIELD} />
        </label>
        <fieldset className="text-sm font-medium">
          <legend>Scopes</legend>
          <label className="mr-3 inline-flex items-center gap-1 font-normal">
            <input type="checkbox" name="scopes" value="read" defaultChecked /> read
          </label>
          <label className="inline-flex items-center gap-1 font-normal">
            <input type="checkbox" name="scopes" value="write" /> write
          </label>
        </fieldset>
        <label className="text-sm font-medium">
          Expires
          <select name="expires" defaultValue="90" className={FIELD}>
            <option value="7">in 7 days</option>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="never">never</option>
          </select>
        </label>
        <div className="sm:col-span-4">
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Create token
          </Button>
        </div>
        {error ? (
          <p role="alert" className="text-sm text-red-700 sm:col-span-4 dark:text-red-300">
            {error}
          </p>
        ) : null}
      </form>

      {created ? (
        <ShownOnce
          title="Your new token — copy it now, it is not shown again:"
          value={created}
          testId="new-token"
          hint={
            <>
              Use it as <code>Authorization: Bearer …</code> on /api/v1 (see API docs).
            </>
          }
          onDone={() => setCreated(null)}
        />
      ) : null}

      <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {(data?.tokens ?? []).length === 0 ? <li className="px-4 py-3 text-sm text-slate-500">No tokens yet.</li> : null}
        {(data?.tokens ?? []).map((token) => (
          <li key={token.id} data-testid="token-row" className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
            <div>
              <p className="font-medium">{token.name}</p>
              <p className="text-xs text-slate-500">
                <span className="font-mono">{token.prefix}…</span> · {token.scopes.join(", ")} · {tokenState(token)} · last used{" "}
                {token.lastUsedAt ? new Date(token.lastUsedAt).toLocaleString() : "never"}
              </p>
            </div>
            {token.revokedAt ? null : (
              <Button variant="danger" onClick={() => revoke.mutate(token.id)}>
                Revoke
              </Button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
