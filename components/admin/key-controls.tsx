"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";

function useKeyMutation() {
  const queryClient = useQueryClient();
  const notify = useToast();
  return useMutation({
    mutationFn: ({ path, method, json }: { path: string; method: string; json?: unknown; done: string }) => api(path, { method, json }),
    onSuccess: (_, { done }) => {
      notify("ok", done);
      void queryClient.invalidateQueries({ queryKey: ["admin-status"] });
    },
    onError: (error) => notify("error", (error as Error).message),
  });
}

export function KeyActions({ id, maskedKey, state, source }: { id: string; maskedKey: string; state: string; source: string }) {
  const mutation = useKeyMutation();
  const disabled = state === "disabled";
  return (
    <div className="flex gap-1">
      <Button onClick={() => mutation.mutate({ path: `/api/v1/admin/keys/${id}`, method: "PATCH", json: { disabled: !disabled }, done: `${maskedKey} ${disabled ? "enabled" : "disabled"}.` })}>
        {disabled ? "Enable" : "Disable"}
      </Button>
      {source === "admin" ? (
        <Button variant="danger" onClick={() => mutation.mutate({ path: `/api/v1/admin/keys/${id}`, method: "DELETE", done: `${maskedKey} removed.` })}>
          Remove
        </Button>
      ) : null}
    </div>
  );
}

export function AddKeyForm() {
  const mutation = useKeyMutation();
  const [error, setError] = useState<string | null>(null);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const form = event.currentTarget;
    const data = new FormData(form);
    const json = { key: String(data.get("key") ?? ""), project: String(data.get("project") ?? "") || undefined };
    mutation.mutate({ path: "/api/v1/admin/keys", method: "POST", json, done: "Key added to the pool." }, { onSuccess: () => form.reset(), onError: (e) => setError((e as Error).message) });
  }
  return (
    <form onSubmit={submit} aria-label="Add a Gemini key" className="mt-4 flex flex-wrap items-end gap-2 border-t border-slate-100 pt-4 dark:border-slate-800">
      <label className="text-sm font-medium">
        Gemini API key
        <input name="key" type="password" autoComplete="off" required className="mt-1 block w-80 rounded-md border border-slate-300 px-2 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-900" />
      </label>
      <label className="text-sm font-medium">
        Project <span className="font-normal text-slate-500">(keys of one Google Cloud project share its quota)</span>
        <input name="project" placeholder="e.g. shop-a" className="mt-1 block w-56 rounded-md border border-slate-300 px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900" />
      </label>
      <Button type="submit" variant="primary" disabled={mutation.isPending}>
        Add key
      </Button>
      {error ? (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      <p className="w-full text-xs text-slate-500">Stored encrypted with a key derived from AUTH_SECRET; shown masked everywhere. Keys from GEMINI_API_KEYS can be disabled here.</p>
    </form>
  );
}
