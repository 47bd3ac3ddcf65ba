import type { ReactNode } from "react";

export function AuthCard({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  return (
    <div className="rounded-2xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <p className="mb-6 flex items-center gap-2 text-lg font-bold tracking-tight">
        <span aria-hidden className="inline-block h-6 w-6 rounded-full border-4 border-brand-600" />
        Loupe
      </p>
      <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p>
      {children}
    </div>
  );
}
