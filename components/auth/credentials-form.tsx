"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { api } from "@/components/ui/api";
import { Button } from "@/components/ui/button";

const FIELD = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 dark:border-slate-700 dark:bg-slate-900";

/** Sign-in, or (mode "setup") creating the first admin and then signing in as them. */
export function CredentialsForm({ mode, callbackUrl }: { mode: "signin" | "setup"; callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setBusy(true);
    setError(null);
    try {
      if (mode === "setup") {
        if (password !== form.get("confirm")) throw new Error("The two passwords are not the same.");
        await api("/api/v1/setup", { method: "POST", json: { email, password, name: String(form.get("name") ?? "") || undefined } });
      }
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result || result.error) {
        throw new Error(result?.error && result.error !== "CredentialsSignin" ? result.error : "The email or password is not right, or the account is deactivated.");
      }
      // A full load, so the layout renders with the new session.
      window.location.assign(callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/");
    } catch (caught) {
      setError((caught as Error).message);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate={false}>
      {mode === "setup" ? (
        <label className="block text-sm font-medium">
          Your name <span className="font-normal text-slate-500">(optional)</span>
          <input name="name" autoComplete="name" className={FIELD} />
        </label>
      ) : null}
      <label className="block text-sm font-medium">
        Email
        <input name="email" type="email" required autoComplete="email" autoFocus className={FIELD} />
      </label>
      <div>
        <label className="block text-sm font-medium">
          Password
          <input
            name="password"
            type="password"
            required
            minLength={mode === "setup" ? 10 : undefined}
            aria-describedby={mode === "setup" ? "password-hint" : undefined}
            autoComplete={mode === "setup" ? "new-password" : "current-password"}
            className={FIELD}
          />
        </label>
        {mode === "setup" ? (
          <p id="password-hint" className="mt-1 text-xs text-slate-500">
            At least 10 characters.
          </p>
        ) : null}
      </div>
      {mode === "setup" ? (
        <label className="block text-sm font-medium">
          Password again
          <input name="confirm" type="password" required autoComplete="new-password" className={FIELD} />
        </label>
      ) : null}
      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={busy} className="w-full py-2">
        {busy ? "One moment…" : mode === "setup" ? "Create admin account" : "Sign in"}
      </Button>
    </form>
  );
}
