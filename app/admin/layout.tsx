import type { ReactNode } from "react";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { requirePageRole } from "@/lib/server/current-user";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePageRole("admin");
  return (
    <>
      <AdminTabs />
      {children}
    </>
  );
}
