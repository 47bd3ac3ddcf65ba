import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Admin" };

export default function AdminPage() {
  return <PageHeader title="Admin" description="System status, users, API tokens and the Gemini key pool." />;
}
