"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";
import { useSessionUser } from "./session-context";

export function UserMenu() {
  const user = useSessionUser();
  if (!user) return null;
  return (
    <div className="mt-6 hidden border-t border-slate-200 pt-4 text-sm md:block dark:border-slate-800">
      <p className="truncate px-3 font-medium" title={user.email}>
        {user.name || user.email}
      </p>
      <p className="px-3 text-xs text-slate-500 dark:text-slate-400">
        Signed in as <span data-testid="current-role">{user.role}</span>
      </p>
      <Link href="/settings/tokens" className="mt-2 block rounded-md px-3 py-1.5 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
        API tokens
      </Link>
      {user.role === "admin" || user.role === "analyst" ? (
        <Link href="/settings/webhooks" className="block rounded-md px-3 py-1.5 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
          Webhooks
        </Link>
      ) : null}
      <Link href="/docs/api" className="block rounded-md px-3 py-1.5 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
        API docs
      </Link>
      <button
        type="button"
        onClick={() => void signOut({ callbackUrl: "/signin" })}
        className="block w-full rounded-md px-3 py-1.5 text-left text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        Sign out
      </button>
    </div>
  );
}
