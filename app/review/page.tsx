import { ReviewQueue } from "@/components/review/review-queue";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/server/current-user";

export const metadata = { title: "Review" };

export default async function ReviewPage({ searchParams }: { searchParams: Promise<{ batch?: string }> }) {
  await requirePageRole("reviewer");
  const { batch } = await searchParams;
  return (
    <>
      <PageHeader title="Review" description="Results waiting for a person: approve, reject or correct them. Approved and edited results are what exports carry." />
      <ReviewQueue batchId={batch && /^[0-9a-f-]{36}$/.test(batch) ? batch : undefined} />
    </>
  );
}
