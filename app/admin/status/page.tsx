import { SystemStatusView } from "@/components/admin/system-status";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/server/current-user";

export const metadata = { title: "System status" };

export default async function SystemStatusPage() {
  await requirePageRole("admin");
  return (
    <>
      <PageHeader title="System status" description="Database, jobs, workers, throughput and the Gemini key pool, live." />
      <SystemStatusView />
    </>
  );
}
