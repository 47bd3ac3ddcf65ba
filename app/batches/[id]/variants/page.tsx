import { notFound } from "next/navigation";
import { VariantReview } from "@/components/enhance/variant-review";
import { getDb } from "@/lib/db/client";
import { requirePageRole } from "@/lib/server/current-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Review variants" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function VariantsPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageRole("reviewer");
  const { id } = await params;
  const batch = UUID.test(id) ? await getDb().batch.findUnique({ where: { id }, select: { id: true, name: true } }) : null;
  if (!batch) notFound();
  return <VariantReview batchId={batch.id} batchName={batch.name} />;
}
