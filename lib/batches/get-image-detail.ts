import type { PrismaClient } from "../db/generated/client";
import { notFound } from "../errors";

/** One image with its result and attempt timeline (keys appear masked, as recorded). */
export async function getImageDetail(db: PrismaClient, imageId: bigint) {
  const image = await db.image.findUnique({ where: { id: imageId }, include: { attemptLog: { orderBy: { id: "asc" } } } });
  if (!image) throw notFound("That image");
  const { attemptLog, ...rest } = image;
  return JSON.parse(
    JSON.stringify({ ...rest, attempts: rest.attempts, attemptHistory: attemptLog }, (_, value) => (typeof value === "bigint" ? value.toString() : value)),
  );
}
