import Link from "next/link";
import { ApiTokens } from "@/components/settings/api-tokens";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/server/current-user";

export const metadata = { title: "API tokens" };

export default async function TokensPage() {
  const user = await requirePageRole("viewer");
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Personal tokens let programs call the <Link href="/docs/api" className="underline">Loupe API</Link> as you ({user.role}). Read scope
            can only read; write scope can also create, run and change batches.
          </>
        }
      />
      <ApiTokens />
    </>
  );
}
