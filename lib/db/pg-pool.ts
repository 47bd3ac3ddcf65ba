import pg from "pg";

const holder = globalThis as unknown as { loupePgPool?: pg.Pool };

/** A plain pg pool for streaming reads on hot paths (exports), where Prisma's per-row overhead is too much. */
export function getPgPool(): pg.Pool {
  if (!holder.loupePgPool) {
    holder.loupePgPool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
    holder.loupePgPool.on("error", () => {});
  }
  return holder.loupePgPool;
}
