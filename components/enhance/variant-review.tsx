"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useCan } from "@/components/auth/session-context";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/status-badge";
import { useToast } from "@/components/ui/toaster";

interface Variant { id: string; url: string; status: "pending" | "approved" | "rejected"; width: number; height: number; generation: number; position: number }
interface Product { id: string; name: string | null; sku: string | null; status: string; productStatus: string; reason: string | null; instructions: string | null; generation: number; originalUrl: string; variants: Variant[] }

const BUSY = new Set(["queued", "processing"]);

/**
 * The variant review page: one product at a time, its original beside its variants. Keyboard: ←/→ a variant, ↑/↓ a
 * product, a approve, r reject, b approve the variant as the best (the rest of its generation rejected).
 */
export function VariantReview({ batchId, batchName }: { batchId: string; batchName: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const canRegenerate = useCan("analyst");
  const products = useQuery({
    queryKey: ["products", batchId],
    queryFn: () => api<{ products: Product[] }>(`/api/v1/batches/${batchId}/products?limit=200`),
    refetchInterval: (query) => (query.state.data?.products.some((product) => BUSY.has(product.status)) ? 1500 : false),
  });
  const list = products.data?.products ?? [];
  const [productIndex, setProductIndex] = useState(0);
  const [variantIndex, setVariantIndex] = useState(0);
  const product = list[Math.min(productIndex, Math.max(0, list.length - 1))];
  const current = product ? product.variants.filter((variant) => variant.generation === Math.max(...product.variants.map((v) => v.generation))) : [];
  const earlier = product ? product.variants.filter((variant) => !current.includes(variant)) : [];
  const focused = current[Math.min(variantIndex, Math.max(0, current.length - 1))];
  const [instructions, setInstructions] = useState<string | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ["products", batchId] });
  const review = useMutation({
    mutationFn: async ({ decisions }: { decisions: { id: string; decision: "approve" | "reject" }[] }) => {
      for (const { id, decision } of decisions) await api(`/api/v1/variants/${id}/review`, { method: "POST", json: { decision } });
    },
    onSuccess: refresh,
    onError: (error) => toast("error", (error as Error).message),
  });
  const regenerate = useMutation({
    mutationFn: () => api<{ generation: number }>(`/api/v1/images/${product!.id}/regenerate`, { method: "POST", json: instructions && instructions !== product!.instructions ? { instructions } : {} }),
    onSuccess: (answer) => {
      toast("ok", `Making generation ${answer.generation} of ${product!.sku ?? product!.name ?? "the product"}.`);
      setInstructions(null);
      setVariantIndex(0);
      void refresh();
    },
    onError: (error) => toast("error", (error as Error).message),
  });
  const decide = (variant: Variant | undefined, decision: "approve" | "reject") => variant && review.mutate({ decisions: [{ id: variant.id, decision }] });
  // The best one approved, the rest of its generation still waiting rejected: one keystroke per product.
  const approveBest = (best: Variant | undefined) =>
    best && review.mutate({ decisions: [{ id: best.id, decision: "approve" as const }, ...current.filter((v) => v.id !== best.id && v.status === "pending").map((v) => ({ id: v.id, decision: "reject" as const }))] });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest("input, textarea, select") || event.metaKey || event.ctrlKey || event.altKey) return;
      const keys: Record<string, () => void> = {
        ArrowRight: () => setVariantIndex((index) => Math.min(index + 1, Math.max(0, current.length - 1))),
        ArrowLeft: () => setVariantIndex((index) => Math.max(0, index - 1)),
        ArrowDown: () => (setProductIndex((index) => Math.min(index + 1, Math.max(0, list.length - 1))), setVariantIndex(0), setInstructions(null)),
        ArrowUp: () => (setProductIndex((index) => Math.max(0, index - 1)), setVariantIndex(0), setInstructions(null)),
        a: () => decide(focused, "approve"),
        r: () => decide(focused, "reject"),
        b: () => approveBest(focused),
      };
      const run = keys[event.key];
      if (!run) return;
      event.preventDefault();
      run();
    };
    // Bound again at each render, so the keys always act on what is shown.
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const approved = list.reduce((sum, item) => sum + item.variants.filter((variant) => variant.status === "approved").length, 0);
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-sm text-slate-500">
            <Link href={`/batches/${batchId}`} className="hover:underline">
              {batchName}
            </Link>
          </p>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight">Review variants</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Keys: <kbd>←</kbd>/<kbd>→</kbd> variant · <kbd>↑</kbd>/<kbd>↓</kbd> product · <kbd>a</kbd> approve · <kbd>r</kbd> reject · <kbd>b</kbd> approve as best
          </p>
        </div>
        <a
          href={`/api/v1/batches/${batchId}/export?format=zip&variants=approved`}
          download
          aria-disabled={approved === 0}
          className={`inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium shadow-sm hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800 ${approved === 0 ? "pointer-events-none opacity-50" : ""}`}
        >
          Download approved (ZIP, {approved})
        </a>
      </header>
      {products.isLoading ? <div className="h-64 animate-pulse rounded-xl bg-slate-200 dark:bg-slate-800" /> : null}
      {products.error ? <p role="alert" className="text-red-700 dark:text-red-300">{(products.error as Error).message}</p> : null}
      {products.data && list.length === 0 ? <p className="text-sm text-slate-500">This batch has no products to review.</p> : null}
      {product ? (
        <div className="grid gap-4 lg:grid-cols-[14rem_1fr]">
          <nav aria-label="Products" className="max-h-[70vh] overflow-auto rounded-xl border border-slate-200 bg-white p-2 dark:border-slate-800 dark:bg-slate-900">
            <ul className="space-y-1">
              {list.map((item, index) => (
                <li key={item.id}>
                  <button
                    type="button"
                    aria-current={item.id === product.id ? "true" : undefined}
                    onClick={() => (setProductIndex(index), setVariantIndex(0), setInstructions(null))}
                    className={`flex w-full items-center justify-between gap-2 rounded-md px-2 py-1.5 text-left text-sm ${item.id === product.id ? "bg-brand-50 font-medium dark:bg-slate-800" : "hover:bg-slate-50 dark:hover:bg-slate-800"}`}
                  >
                    <span className="truncate">{item.sku ?? item.name ?? `#${item.id}`}</span>
                    <span className="shrink-0 whitespace-nowrap">
                      <StatusBadge status={item.productStatus} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <section aria-label={`Product ${product.sku ?? product.name ?? product.id}`} data-testid="product-review" className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <div className="flex flex-wrap items-center gap-2">
              <h2 className="text-lg font-semibold">{product.sku ?? product.name ?? `Product ${product.id}`}</h2>
              <span data-testid="product-status">
                <StatusBadge status={product.productStatus} />
              </span>
              {BUSY.has(product.status) ? <span className="text-sm text-slate-500">making variants…</span> : null}
            </div>
            {product.reason ? (
              <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
                Blocked: {product.reason}
              </p>
            ) : null}
            <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
              <figure className="space-y-1">
                {/* eslint-disable-next-line @next/next/no-img-element -- streamed from the API, sizes vary */}
                <img src={product.originalUrl} alt={`Original of ${product.sku ?? product.name ?? product.id}`} className="aspect-square w-full rounded-lg border border-slate-200 bg-slate-50 object-contain dark:border-slate-700 dark:bg-slate-800" />
                <figcaption className="text-xs text-slate-500">Original</figcaption>
              </figure>
              {current.map((variant, index) => (
                <figure
                  key={variant.id}
                  data-testid="variant"
                  data-status={variant.status}
                  aria-label={`Variant ${variant.position}`}
                  aria-current={focused?.id === variant.id ? "true" : undefined}
                  onClick={() => setVariantIndex(index)}
                  className={`cursor-pointer space-y-1 rounded-lg p-1 ${focused?.id === variant.id ? "ring-2 ring-brand-500" : ""}`}
                >
                  {/* eslint-disable-next-line @next/next/no-img-element -- streamed from the API */}
                  <img src={variant.url} alt={`Variant ${variant.position}`} className="aspect-square w-full rounded-md border border-slate-200 bg-white object-contain dark:border-slate-700" />
                  <figcaption className="flex items-center justify-between gap-1 text-xs">
                    <span>
                      v{variant.position} · {variant.width}×{variant.height}
                    </span>
                    <StatusBadge status={variant.status} />
                  </figcaption>
                  <div className="flex gap-1">
                    <Button className="flex-1" aria-label={`Approve variant ${variant.position}`} onClick={() => decide(variant, "approve")} disabled={variant.status === "approved"}>
                      Approve
                    </Button>
                    <Button className="flex-1" aria-label={`Reject variant ${variant.position}`} onClick={() => decide(variant, "reject")} disabled={variant.status === "rejected"}>
                      Reject
                    </Button>
                  </div>
                </figure>
              ))}
            </div>
            <div className="flex flex-wrap gap-2">
              <Button variant="primary" onClick={() => approveBest(focused)} disabled={!focused}>
                Approve best (v{focused?.position ?? "–"})
              </Button>
            </div>
            {canRegenerate ? (
              <div className="space-y-2 border-t border-slate-200 pt-3 dark:border-slate-800">
                <label className="flex flex-col gap-1 text-sm font-medium">
                  Instruction for new variants
                  <textarea
                    rows={2}
                    className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
                    value={instructions ?? product.instructions ?? ""}
                    onChange={(event) => setInstructions(event.target.value)}
                  />
                </label>
                <Button onClick={() => regenerate.mutate()} disabled={regenerate.isPending || BUSY.has(product.status)}>
                  Regenerate
                </Button>
              </div>
            ) : null}
            {earlier.length ? (
              <details>
                <summary className="cursor-pointer text-sm text-slate-600 dark:text-slate-400">Earlier generations ({earlier.length} variants)</summary>
                <div className="mt-2 grid grid-cols-3 gap-2 sm:grid-cols-6">
                  {earlier.map((variant) => (
                    <figure key={variant.id} className="space-y-1 text-xs">
                      {/* eslint-disable-next-line @next/next/no-img-element -- streamed from the API */}
                      <img src={variant.url} alt={`Generation ${variant.generation} variant ${variant.position}`} className="aspect-square w-full rounded border border-slate-200 object-contain dark:border-slate-700" />
                      <figcaption className="flex justify-between">
                        g{variant.generation} v{variant.position} <StatusBadge status={variant.status} />
                      </figcaption>
                    </figure>
                  ))}
                </div>
              </details>
            ) : null}
          </section>
        </div>
      ) : null}
    </div>
  );
}
