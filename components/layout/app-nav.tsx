"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCan } from "@/components/auth/session-context";
import type { Role } from "@/lib/auth/roles";

const LINKS: { href: string; label: string; role: Role }[] = [
  { href: "/", label: "Dashboard", role: "viewer" },
  { href: "/batches", label: "Batches", role: "viewer" },
  { href: "/templates", label: "Templates", role: "viewer" },
  { href: "/compare", label: "Compare", role: "analyst" },
  { href: "/review", label: "Review", role: "reviewer" },
  { href: "/admin", label: "Admin", role: "admin" },
];

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function AppNav() {
  const pathname = usePathname();
  const canReview = useCan("reviewer");
  const isAdmin = useCan("admin");
  const canRun = useCan("analyst");
  const allowed = (role: Role) => role === "viewer" || (role === "reviewer" ? canReview : role === "admin" ? isAdmin : role === "analyst" ? canRun : true);
  return (
    <nav aria-label="Main" className="flex flex-row gap-1 md:flex-col">
      {LINKS.filter((link) => allowed(link.role)).map((link) => {
        const active = isActive(pathname, link.href);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium transition-colors ${
              active
                ? "bg-brand-100 text-brand-700 dark:bg-brand-700/30 dark:text-brand-100"
                : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
            }`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
