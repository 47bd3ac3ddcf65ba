import { UsersAdmin } from "@/components/admin/users-admin";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/server/current-user";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  await requirePageRole("admin");
  return (
    <>
      <PageHeader title="Users" description="Add people, set their role, deactivate accounts. Changes apply to their next request." />
      <UsersAdmin />
    </>
  );
}
