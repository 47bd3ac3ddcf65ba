import { CompareView } from "@/components/compare/compare-view";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/server/current-user";

export const metadata = { title: "Compare" };

export default async function ComparePage({ searchParams }: { searchParams: Promise<{ batch?: string }> }) {
  await requirePageRole("analyst");
  const { batch } = await searchParams;
  return (
    <>
      <PageHeader title="Compare" description="Run 2–3 templates, versions or models on the same 5–50 sample images before a big run: their answers side by side, the differences marked, and what each costs per image." />
      <CompareView batchId={batch && /^[0-9a-f-]{36}$/.test(batch) ? batch : undefined} />
    </>
  );
}
