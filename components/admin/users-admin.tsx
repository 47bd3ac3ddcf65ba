"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import { ROLE_DESCRIPTIONS, ROLES, type Role } from "@/lib/auth/roles";
import { SimpleTable } from "@/components/ui/simple-table";

interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

const FIELD = "block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

function CreateUserForm() {
  const queryClient = useQueryClient();
  const notify = useToast();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: Record<string, string>) => api("/api/v1/admin/users", { method: "POST", json: body }),
    onSuccess: (_, body) => {
      notify("ok", `Created ${body.email} as ${body.role}.`);
      void queryClient.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (e) => setError((e as Error).message),
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const form = event.currentTarget;
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    create.mutate(data, { onSuccess: () => form.reset() });
  }
  return (
    <form onSubmit={submit} aria-label="Add a user" className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-5 dark:border-slate-800 dark:bg-slate-900">
      <label className="text-sm font-medium sm:col-span-2">
        Email
        <input name="email" type="email" required className={FIELD} />
      </label>
      <label className="text-sm font-medium">
        Initial password
        <input name="password" type="password" required minLength={10} autoComplete="new-password" className={FIELD} />
      </label>
      <label className="text-sm font-medium">
        Role
        <select name="role" defaultValue="viewer" className={FIELD}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </label>
      <div className="flex items-end">
        <Button type="submit" variant="primary" disabled={create.isPending} className="w-full">
          Add user
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700 sm:col-span-5 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </form>
  );
}

export function UsersAdmin() {
  const queryClient = useQueryClient();
  const notify = useToast();
  const { data } = useQuery({ queryKey: ["users"], queryFn: () => api<{ users: UserRow[] }>("/api/v1/admin/users") });
  const update = useMutation({
    mutationFn: ({ id, change }: { id: string; change: Partial<Pick<UserRow, "role" | "active">> }) => api(`/api/v1/admin/users/${id}`, { method: "PATCH", json: change }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["users"] }),
    onError: (e) => notify("error", (e as Error).message),
  });
  return (
    <div className="space-y-6">
      <CreateUserForm />
      <SimpleTable columns={["User", "Role", "Status", "Last sign-in", ""]}>
        {(data?.users ?? []).map((user) => (
          <tr key={user.id} data-testid="user-row" className={user.active ? "" : "opacity-60"}>
            <td className="px-3 py-2">
              <p className="font-medium">{user.email}</p>
              {user.name ? <p className="text-xs text-slate-500">{user.name}</p> : null}
            </td>
            <td className="px-3 py-2">
              <select
                aria-label={`Role of ${user.email}`}
                value={user.role}
                onChange={(event) => update.mutate({ id: user.id, change: { role: event.target.value as Role } })}
                className={FIELD}
                title={ROLE_DESCRIPTIONS[user.role]}
              >
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role}
                  </option>
                ))}
              </select>
            </td>
            <td className="px-3 py-2">{user.active ? "Active" : "Deactivated"}</td>
            <td className="px-3 py-2 tabular-nums">{user.lastLoginAt ? new Date(user.lastLoginAt).toLocaleString() : "never"}</td>
            <td className="px-3 py-2 text-right">
              <Button variant={user.active ? "danger" : "secondary"} onClick={() => update.mutate({ id: user.id, change: { active: !user.active } })}>
                {user.active ? "Deactivate" : "Reactivate"}
              </Button>
            </td>
          </tr>
        ))}
      </SimpleTable>
      <ul className="grid gap-1 text-xs text-slate-500 sm:grid-cols-2 dark:text-slate-400">
        {ROLES.map((role) => (
          <li key={role}>
            <span className="font-semibold">{role}</span>: {ROLE_DESCRIPTIONS[role]}
          </li>
        ))}
      </ul>
    </div>
  );
}
