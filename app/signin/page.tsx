import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { countUsers } from "@/lib/auth/manage-users";
import { appContext } from "@/lib/server/app-context";
import { currentUser } from "@/lib/server/current-user";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl = "/" } = await searchParams;
  if ((await countUsers(appContext().db)) === 0) redirect("/setup");
  if (await currentUser()) redirect(callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/");
  return (
    <AuthCard title="Sign in" description="Analyse images in bulk with Google Gemini. Ask an admin for an account.">
      <CredentialsForm mode="signin" callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
