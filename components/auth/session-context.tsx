"use client";

import { createContext, useContext, type ReactNode } from "react";
import { roleAtLeast, type Role } from "@/lib/auth/roles";

export interface SessionUser {
  email: string;
  name: string | null;
  role: Role;
}

const SessionContext = createContext<SessionUser | null>(null);

export function SessionProvider({ user, children }: { user: SessionUser | null; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

export function useSessionUser(): SessionUser | null {
  return useContext(SessionContext);
}

/** Whether the signed-in person may use a control (the server checks again on every call). */
export function useCan(least: Role): boolean {
  const user = useContext(SessionContext);
  return user ? roleAtLeast(user.role, least) : false;
}
