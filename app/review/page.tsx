import { ReviewQueue } from "@/components/review/review-queue";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Review" };

export default function ReviewPage() {
  return (
    <>
      <PageHeader title="Review" description="Results waiting for a person: approve, reject or correct them. Approved and edited results are what exports carry." />
      <ReviewQueue />
    </>
  );
}
