"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";

/** A secret shown once (a new API token, a webhook's signing secret): copy it, then Done hides it for good. */
export function ShownOnce({ title, value, testId, hint, onDone }: { title: string; value: string; testId: string; hint: ReactNode; onDone: () => void }) {
  const notify = useToast();
  return (
    <div role="status" className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-800 dark:bg-emerald-950">
      <p className="font-medium">{title}</p>
      <div className="mt-2 flex gap-2">
        <code data-testid={testId} className="flex-1 overflow-x-auto rounded bg-white px-2 py-1 font-mono dark:bg-slate-900">
          {value}
        </code>
        <Button onClick={() => void navigator.clipboard?.writeText(value).then(() => notify("ok", "Copied."))}>Copy</Button>
        <Button onClick={onDone}>Done</Button>
      </div>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">{hint}</p>
    </div>
  );
}
