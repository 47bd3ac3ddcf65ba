"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/components/ui/api";

/**
 * Saving a template from any editor: a new one is POSTed, an existing one gets a new version (PUT); the list refreshes and
 * the editor closes with what happened, or the error stays on the form.
 */
export function useSaveTemplate(draft: { id?: string; name: string }, body: () => Record<string, unknown>, onDone: (message: string) => void) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => (draft.id ? api(`/api/v1/templates/${draft.id}`, { method: "PUT", json: body() }) : api("/api/v1/templates", { method: "POST", json: body() })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["templates"] });
      onDone(draft.id ? `Saved "${draft.name}" as a new version.` : `Created "${draft.name}".`);
    },
    onError: (caught) => setError((caught as Error).message),
  });
  return {
    error,
    saving: save.isPending,
    save: () => {
      setError(null);
      save.mutate();
    },
  };
}
