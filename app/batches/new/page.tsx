import { NewBatchForm } from "@/components/batches/new/new-batch-form";
import { PageHeader } from "@/components/ui/page-header";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { requirePageRole } from "@/lib/server/current-user";
import { geminiAvailable } from "@/lib/gemini/gemini-available";
import { bucketImportSettings } from "@/lib/storage/bucket-source";

export const dynamic = "force-dynamic";

export const metadata = { title: "New batch" };

export default async function NewBatchPage() {
  await requirePageRole("analyst");
  const cfg = config();
  return (
    <>
      <PageHeader
        title="New batch"
        description="Drop images, a CSV with a column of image URLs, or import a bucket prefix. Large CSVs are split into parts of MAX_BATCH_SIZE rows, each with its own progress."
      />
      <NewBatchForm
        geminiConfigured={await geminiAvailable(getDb(), cfg)}
        defaultMode={cfg.GEMINI_DEFAULT_MODE}
        bucketImport={bucketImportSettings(cfg) !== null}
        batchModeUnavailable={cfg.vertex ? "The Batch API needs the Gemini API's keys: with GEMINI_PROVIDER=vertex, batches run interactively." : null}
      />
    </>
  );
}
