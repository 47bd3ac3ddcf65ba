import { PageHeader } from "@/components/ui/page-header";
import { API_ROUTES } from "@/lib/http/api-routes";
import { buildOpenApi } from "@/lib/http/build-openapi";
import { requirePageRole } from "@/lib/server/current-user";

export const metadata = { title: "API" };

const METHOD_COLOURS: Record<string, string> = {
  GET: "bg-blue-100 text-blue-800 dark:bg-blue-950 dark:text-blue-200",
  POST: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  PUT: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  PATCH: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  DELETE: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
};

export default async function ApiDocsPage() {
  await requirePageRole("viewer");
  const document = buildOpenApi();
  const tags = [...new Set(API_ROUTES.map((route) => route.tag))];
  return (
    <>
      <PageHeader
        title="API"
        description={
          <>
            Every screen in Loupe uses this API. Send a personal token from <a href="/settings/tokens" className="underline">API tokens</a> as{" "}
            <code>Authorization: Bearer loupe_…</code>. The machine-readable OpenAPI 3.1 document is at{" "}
            <a href="/api/v1/openapi.json" className="underline">/api/v1/openapi.json</a>.
          </>
        }
      />
      <pre className="mb-6 overflow-x-auto rounded-xl bg-slate-900 p-4 text-xs text-slate-100">{`curl -H "Authorization: Bearer $LOUPE_TOKEN" ${"$LOUPE_URL"}/api/v1/batches
curl -H "Authorization: Bearer $LOUPE_TOKEN" -H "content-type: application/json" \\
     -d '{"name":"Spring catalogue","urls":["https://example.com/a.jpg"],"templateId":"<template id>"}' ${"$LOUPE_URL"}/api/v1/batches`}</pre>
      {tags.map((tag) => (
        <section key={tag} className="mb-8">
          <h2 className="mb-2 text-lg font-semibold">{tag}</h2>
          <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {API_ROUTES.filter((route) => route.tag === tag).map((route) => {
              const op = (document.paths[route.path] as Record<string, { requestBody?: unknown; parameters: { name: string; in: string }[] }>)[route.method.toLowerCase()];
              const query = op.parameters.filter((p) => p.in === "query").map((p) => p.name);
              return (
                <li key={`${route.method} ${route.path}`} className="px-4 py-3 text-sm">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold ${METHOD_COLOURS[route.method]}`}>{route.method}</span>
                    <code className="font-mono">/api/v1{route.path}</code>
                    <span className="text-xs text-slate-500">{route.role === "public" ? "no sign-in" : `${route.role} or higher`}</span>
                  </div>
                  <p className="mt-1 text-slate-700 dark:text-slate-300">{route.summary}</p>
                  {query.length ? <p className="mt-1 text-xs text-slate-500">Query: {query.join(", ")}</p> : null}
                  {op.requestBody ? (
                    <details className="mt-1 text-xs">
                      <summary className="cursor-pointer text-slate-500">Request body schema</summary>
                      <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-50 p-2 dark:bg-slate-950">{JSON.stringify(op.requestBody, null, 2)}</pre>
                    </details>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </>
  );
}
