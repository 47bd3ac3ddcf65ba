import type { PrismaClient } from "../db/generated/client";
import { notFound } from "../errors";

/**
 * One image with its result, attempt timeline (keys appear masked, as recorded) and the images made from it (outputs,
 * newest generation first, each with the URL that downloads it).
 */
export async function getImageDetail(db: PrismaClient, imageId: bigint) {
  const image = await db.image.findUnique({
    where: { id: imageId },
    include: { attemptLog: { orderBy: { id: "asc" } }, outputs: { orderBy: [{ kind: "asc" }, { generation: "desc" }, { position: "asc" }] } },
  });
  if (!image) throw notFound("That image");
  const { attemptLog, outputs, ...rest } = image;
  const outputViews = outputs.map(({ imageId: _image, batchId: _batch, ...output }) => ({ ...output, url: `/api/v1/outputs/${output.id}/file` }));
  // An enhance product's variants, newest generation first: what review and seed 003's clients read.
  const variants = outputViews
    .filter((output) => output.kind === "variant")
    .map((output) => ({ id: output.id, url: output.url, status: output.reviewStatus ?? "pending", width: output.width, height: output.height, generation: output.generation, position: output.position }));
  return JSON.parse(
    JSON.stringify({ ...rest, attempts: rest.attempts, attemptHistory: attemptLog, outputs: outputViews, ...(rest.productStatus !== null ? { variants } : {}) }, (_, value) => (typeof value === "bigint" ? value.toString() : value)),
  );
}
