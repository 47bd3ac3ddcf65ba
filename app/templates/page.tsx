import { TemplateList } from "@/components/templates/template-list";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/server/current-user";

export const metadata = { title: "Templates" };

export default async function TemplatesPage() {
  await requirePageRole("viewer");
  return (
    <>
      <PageHeader title="Templates" description="A template tells Gemini what to extract from each image and the exact shape of the answer. Editing one creates a new version; results keep the version they were made with." />
      <TemplateList />
    </>
  );
}
