import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Templates" };

export default function TemplatesPage() {
  return <PageHeader title="Templates" description="Templates tell Gemini what to extract from each image and the shape of the answer." />;
}
