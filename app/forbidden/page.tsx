import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";

export const metadata = { title: "Not allowed" };

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const { need } = await searchParams;
  return (
    <AuthCard title="You can't open this page" description={`It needs the ${need && /^[a-z]+$/.test(need) ? need : "right"} role. Ask an admin if you need access.`}>
      <Link href="/" className="text-sm font-medium text-brand-700 underline dark:text-brand-100">
        Back to the dashboard
      </Link>
    </AuthCard>
  );
}
