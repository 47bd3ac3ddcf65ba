"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/components/ui/api";
import { useToast } from "@/components/ui/toaster";
import { usd } from "../budget/usd-input";
import type { BatchProgressView } from "./types";

/**
 * Changing a batch's spending cap (PATCH budgetUsd; a part's changes its upload's) and, when asked, resuming what paused at
 * it: for a split upload every part, since they share the cap.
 */
export function useBudgetActions(batch: BatchProgressView) {
  const toast = useToast();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ budgetUsd, resume }: { budgetUsd: number | null; resume: boolean }) => {
      await api(`/api/v1/batches/${batch.id}`, { method: "PATCH", json: { budgetUsd } });
      if (resume) await api(`/api/v1/batches/${batch.budget.shared ? batch.budget.scopeBatchId : batch.id}/resume`, { method: "POST" });
    },
    onSuccess: (_, { budgetUsd, resume }) => {
      const cap = budgetUsd === null ? "Spending cap removed" : `Spending cap set to ${usd(budgetUsd)}`;
      toast("ok", resume ? `${cap}; resumed.` : `${cap}.`);
    },
    onError: (error) => toast("error", (error as Error).message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["batch", batch.id] }).then(() => queryClient.invalidateQueries({ queryKey: ["images", batch.id] })),
  });
}
