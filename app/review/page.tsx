import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Review" };

export default function ReviewPage() {
  return <PageHeader title="Review" description="Results waiting for a person to approve, reject or correct them." />;
}
