import { NewBatchForm } from "@/components/batches/new/new-batch-form";
import { PageHeader } from "@/components/ui/page-header";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { requirePageRole } from "@/lib/server/current-user";
import { geminiAvailable } from "@/lib/gemini/gemini-available";

export const dynamic = "force-dynamic";

export const metadata = { title: "New batch" };

export default async function NewBatchPage() {
  await requirePageRole("analyst");
  const cfg = config();
  return (
    <>
      <PageHeader
        title="New batch"
        description="Drop images, or a CSV with a column of image URLs. Large CSVs are split into parts of MAX_BATCH_SIZE rows, each with its own progress."
      />
      <NewBatchForm
        geminiConfigured={await geminiAvailable(getDb(), cfg)}
        defaultMode={cfg.GEMINI_DEFAULT_MODE}
        batchModeUnavailable={cfg.vertex ? "The Batch API needs the Gemini API's keys: with GEMINI_PROVIDER=vertex, batches run interactively." : null}
      />
    </>
  );
}
