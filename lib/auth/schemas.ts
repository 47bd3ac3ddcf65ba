import { z } from "zod";
import { ROLES } from "./roles";

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { message: "must be at most 254 characters" })
  .email({ message: "must be an email address such as ana@example.com" });
const password = z.string().min(1, { message: "is required" }).max(200, { message: "must be at most 200 characters" });
const role = z.enum(ROLES, { message: `must be one of ${ROLES.join(", ")}` });

export const setupSchema = z.object({ email, password, name: z.string().trim().max(120).optional() });
export const createUserSchema = z.object({ email, password, name: z.string().trim().max(120).optional(), role: role.default("viewer") });
export const updateUserSchema = z
  .object({ role: role.optional(), active: z.boolean().optional(), password: password.optional(), name: z.string().trim().max(120).optional() })
  .refine((v) => Object.keys(v).length > 0, { message: "nothing to change: send role, active, password or name" });

export const TOKEN_SCOPES = ["read", "write"] as const;
export const createTokenSchema = z.object({
  name: z.string().trim().min(1, { message: "is required" }).max(100, { message: "must be at most 100 characters" }),
  scopes: z.array(z.enum(TOKEN_SCOPES, { message: 'must be "read" or "write"' })).min(1, { message: "choose at least one scope" }).default(["read"]),
  expiresInDays: z.number().int().min(1).max(3650).nullable().default(90),
});

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
export type CreateTokenInput = z.infer<typeof createTokenSchema>;
