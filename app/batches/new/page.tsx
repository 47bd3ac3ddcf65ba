import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "New batch" };

export default function NewbatchPage() {
  return <PageHeader title="New batch" description="Drop images, a folder, a ZIP or a CSV of image URLs here to create a batch." />;
}
