import { Webhooks } from "@/components/settings/webhooks";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/server/current-user";

export const metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requirePageRole("analyst");
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Loupe POSTs batch events to your endpoints, signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). A refused or unanswered delivery is retried for at least a day with the same webhook-id."
      />
      <Webhooks />
    </>
  );
}
