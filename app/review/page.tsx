import { ReviewQueue } from "@/components/review/review-queue";
import { ReviewRulesPanel } from "@/components/review/review-rules-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/server/current-user";

export const metadata = { title: "Review" };

export default async function ReviewPage({ searchParams }: { searchParams: Promise<{ batch?: string }> }) {
  await requirePageRole("reviewer");
  const { batch } = await searchParams;
  return (
    <>
      <PageHeader title="Review" description="Results waiting for a person, each with why it is here: approve, reject or correct them, one by one or a whole selection at once. Routing rules approve confident results without a person." />
      <div className="mb-4">
        <ReviewRulesPanel />
      </div>
      <ReviewQueue batchId={batch && /^[0-9a-f-]{36}$/.test(batch) ? batch : undefined} />
    </>
  );
}
