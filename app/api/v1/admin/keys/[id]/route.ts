import { z } from "zod";
import { recordAudit } from "@/lib/auth/record-audit";
import { removeGeminiKey, setKeyDisabled, updateKeySchema } from "@/lib/gemini/manage-keys";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";

const keyIdParam = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, { message: "is not a key id" }) });

export const PATCH = withApi<{ id: string }>({ role: "admin" }, async ({ params, request, principal }) => {
  const { id } = keyIdParam.parse(params);
  const { disabled } = updateKeySchema.parse(await request.json());
  const { db } = appContext();
  const key = await setKeyDisabled(db, id, disabled);
  await recordAudit(db, { userId: principal.userId, action: disabled ? "gemini_key.disable" : "gemini_key.enable", targetType: "gemini_key", targetId: id, details: { maskedKey: key.maskedKey } });
  return Response.json({ key });
});

export const DELETE = withApi<{ id: string }>({ role: "admin" }, async ({ params, principal }) => {
  const { id } = keyIdParam.parse(params);
  const { db } = appContext();
  const removed = await removeGeminiKey(db, id);
  await recordAudit(db, { userId: principal.userId, action: "gemini_key.remove", targetType: "gemini_key", targetId: id, details: { maskedKey: removed.maskedKey } });
  return Response.json(removed);
});
