"use client";

import Link from "next/link";

/** A page that failed to render: say so plainly, offer a retry; the details stay in the server log. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section role="alert" className="mx-auto max-w-xl rounded-xl border border-red-200 bg-white p-8 text-center dark:border-red-900 dark:bg-slate-900">
      <h1 className="text-lg font-semibold">This page could not be shown</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        Something went wrong on the server while preparing it. Try again; if it keeps happening, an administrator can look up
        {error.digest ? (
          <>
            {" "}
            reference <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">{error.digest}</code>
          </>
        ) : (
          " the error"
        )}{" "}
        in the server log.
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <button type="button" onClick={reset} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">
          Try again
        </button>
        <Link href="/" className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium dark:border-slate-700">
          Go to the dashboard
        </Link>
      </div>
    </section>
  );
}
