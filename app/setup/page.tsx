import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { countUsers } from "@/lib/auth/manage-users";
import { appContext } from "@/lib/server/app-context";

export const metadata = { title: "Set up Loupe" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if ((await countUsers(appContext().db)) > 0) redirect("/signin");
  return (
    <AuthCard title="Welcome to Loupe" description="Create the first admin account. There is no default password: this account is the only way in, so keep it safe.">
      <CredentialsForm mode="setup" callbackUrl="/" />
    </AuthCard>
  );
}
