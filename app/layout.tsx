import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SessionProvider } from "@/components/auth/session-context";
import { UserMenu } from "@/components/auth/user-menu";
import { AppNav } from "@/components/layout/app-nav";
import { QueryProvider } from "@/components/providers/query-provider";
import { currentUser } from "@/lib/server/current-user";

export const metadata: Metadata = {
  title: { default: "Loupe", template: "%s · Loupe" },
  description: "Analyse images in bulk with Google Gemini.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const principal = await currentUser();
  const user = principal ? { email: principal.email, name: principal.name, role: principal.role } : null;
  if (!user) {
    // Sign-in, first-run setup and the forbidden page: no navigation to pages the visitor cannot open.
    return (
      <html lang="en">
        <body className="min-h-screen font-sans">
          <main id="main" className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-10">
            {children}
          </main>
        </body>
      </html>
    );
  }
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        <SessionProvider user={user}>
        <div className="md:flex">
          <aside className="border-b border-slate-200 bg-white px-4 py-4 md:sticky md:top-0 md:h-screen md:w-56 md:shrink-0 md:border-b-0 md:border-r dark:border-slate-800 dark:bg-slate-900">
            <Link href="/" className="mb-4 flex items-center gap-2 px-3 text-lg font-bold tracking-tight">
              <span aria-hidden className="inline-block h-6 w-6 rounded-full border-4 border-brand-600" />
              Loupe
            </Link>
            <AppNav />
            <UserMenu />
          </aside>
          <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-8 md:py-8">
            <QueryProvider>{children}</QueryProvider>
          </main>
        </div>
        </SessionProvider>
      </body>
    </html>
  );
}
