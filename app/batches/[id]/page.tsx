import { notFound } from "next/navigation";
import { BatchView } from "@/components/batches/detail/batch-view";
import { getDb } from "@/lib/db/client";
import { requirePageRole } from "@/lib/server/current-user";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findBatch(id: string) {
  return UUID.test(id) ? getDb().batch.findUnique({ where: { id }, select: { name: true } }) : null;
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const batch = await findBatch((await params).id);
  return { title: batch?.name ?? "Batch" };
}

export default async function BatchPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageRole("viewer");
  const { id } = await params;
  if (!(await findBatch(id))) notFound();
  // A re-run that answered 202 comes here with its task: the page follows the copy of its images.
  const task = (await searchParams).task;
  return <BatchView batchId={id} taskId={typeof task === "string" && UUID.test(task) ? task : null} />;
}
