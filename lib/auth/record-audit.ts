import type { Prisma, PrismaClient } from "../db/generated/client";

export interface AuditEntry {
  userId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Prisma.InputJsonValue;
}

/** Destructive and admin actions: who, what, when. Never secrets: callers pass ids and masked values only. */
export async function recordAudit(db: PrismaClient, entry: AuditEntry) {
  await db.auditLog.create({ data: { userId: entry.userId, action: entry.action, targetType: entry.targetType, targetId: entry.targetId, details: entry.details } });
}

export async function listAuditLog(db: PrismaClient, { limit = 100, before }: { limit?: number; before?: bigint } = {}) {
  const rows = await db.auditLog.findMany({
    where: before ? { id: { lt: before } } : undefined,
    orderBy: { id: "desc" },
    take: limit + 1,
    include: { user: { select: { email: true } } },
  });
  const page = rows.slice(0, limit);
  return {
    entries: page.map((row) => ({
      id: row.id.toString(),
      at: row.createdAt.toISOString(),
      user: row.user?.email ?? null,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      details: row.details,
    })),
    nextBefore: rows.length > limit ? page[page.length - 1].id.toString() : null,
  };
}
