import type { PrismaClient } from "../db/generated/client";
import { conflict, LoupeError, notFound } from "../errors";
import { assertPasswordAcceptable, hashPassword, verifyPassword } from "./passwords";
import type { Role } from "./roles";
import type { CreateUserInput, UpdateUserInput } from "./schemas";

const PUBLIC_FIELDS = { id: true, email: true, name: true, role: true, active: true, lastLoginAt: true, createdAt: true } as const;

export async function countUsers(db: PrismaClient): Promise<number> {
  return db.user.count();
}

export async function createUser(db: PrismaClient, input: CreateUserInput) {
  assertPasswordAcceptable(input.password);
  const existing = await db.user.findUnique({ where: { email: input.email } });
  if (existing) throw conflict("email_taken", `A user with the email ${input.email} already exists.`);
  return db.user.create({
    data: { email: input.email, name: input.name || null, role: input.role, passwordHash: await hashPassword(input.password) },
    select: PUBLIC_FIELDS,
  });
}

/** The first admin, once: a transaction-level lock makes two simultaneous set-ups produce one admin and one 409. */
export async function createFirstAdmin(db: PrismaClient, input: { email: string; password: string; name?: string }) {
  assertPasswordAcceptable(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('loupe:first-admin'))`;
    if ((await tx.user.count()) > 0) throw conflict("already_set_up", "Loupe is already set up: sign in instead.");
    return tx.user.create({ data: { email: input.email, name: input.name || null, role: "admin", passwordHash }, select: PUBLIC_FIELDS });
  });
}

export async function listUsers(db: PrismaClient) {
  return db.user.findMany({ orderBy: { createdAt: "asc" }, select: PUBLIC_FIELDS });
}

/** Role, active, name or password. The last active admin can be neither demoted nor deactivated (nobody could undo it). */
export async function updateUser(db: PrismaClient, userId: string, input: UpdateUserInput) {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw notFound("The user");
  const losesAdmin = user.role === "admin" && user.active && ((input.role && input.role !== "admin") || input.active === false);
  if (losesAdmin) {
    const admins = await db.user.count({ where: { role: "admin", active: true } });
    if (admins <= 1) throw new LoupeError(409, "last_admin", "This is the last active admin: make someone else an admin first.");
  }
  if (input.password !== undefined) assertPasswordAcceptable(input.password);
  return db.user.update({
    where: { id: userId },
    data: {
      role: input.role,
      active: input.active,
      name: input.name,
      passwordHash: input.password !== undefined ? await hashPassword(input.password) : undefined,
    },
    select: PUBLIC_FIELDS,
  });
}

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword("no user has this password"));

/** Email + password → the user, or null. Same work whether or not the email exists, so timing does not reveal accounts. */
export async function verifyCredentials(db: PrismaClient, email: string, password: string): Promise<{ id: string; email: string; name: string | null; role: Role } | null> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok || !user.active) return null;
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
