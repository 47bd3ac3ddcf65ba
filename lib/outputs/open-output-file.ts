import type { Readable } from "node:stream";
import type { PrismaClient } from "../db/generated/client";
import { notFound } from "../errors";
import type { LoupeStorage } from "../storage";
import { outputFileName } from "./output-file-name";

/** One output's stored bytes as a stream, with its media type, size and a file name made from its image's. */
export async function openOutputFile(db: PrismaClient, storage: LoupeStorage, outputId: bigint): Promise<{ stream: Readable; mimeType: string; bytes: number; fileName: string }> {
  const output = await db.imageOutput.findUnique({ where: { id: outputId }, include: { image: { select: { id: true, name: true, externalId: true } } } });
  const stream = output ? await storage.stream(output.sha256).catch(() => null) : null;
  if (!output || !stream) throw notFound("That output file");
  return { stream, mimeType: output.mimeType, bytes: output.bytes, fileName: outputFileName(output.image, output.mimeType, output.kind === "variant" ? output.position : 0) };
}
