export const ROLES = ["admin", "analyst", "reviewer", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, reviewer: 1, analyst: 2, admin: 3 };

/** Roles are ranked: an admin may do what an analyst may, an analyst what a reviewer may, and so on. */
export function roleAtLeast(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Everything: users, Gemini keys, system status",
  analyst: "Create, run, retry, export and delete batches; templates",
  reviewer: "Review results; read everything",
  viewer: "Read only",
};

/** Who is calling: a signed-in person (session) or a program (API token, with scopes). */
export interface Principal {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  via: "session" | "token";
  tokenId?: string;
  scopes?: string[];
}
