import { BatchView } from "@/components/batches/detail/batch-view";

export const metadata = { title: "Batch" };

export default async function BatchPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <BatchView batchId={id} />;
}
