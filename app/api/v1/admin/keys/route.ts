import { ensureAuthSecret } from "@/lib/auth/ensure-auth-secret";
import { recordAudit } from "@/lib/auth/record-audit";
import { addGeminiKey, addKeySchema } from "@/lib/gemini/manage-keys";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";

/** Adds a Gemini key to the pool (stored encrypted); the answer and the audit log hold only its masked form. */
export const POST = withApi({ role: "admin" }, async ({ request, principal }) => {
  const input = addKeySchema.parse(await request.json());
  const { db, config } = appContext();
  const key = await addGeminiKey(db, ensureAuthSecret(config), input, { rpm: config.GEMINI_RPM, tpm: config.GEMINI_TPM, rpd: config.GEMINI_RPD });
  await recordAudit(db, { userId: principal.userId, action: "gemini_key.add", targetType: "gemini_key", targetId: key.id, details: { maskedKey: key.maskedKey, project: key.projectId } });
  return Response.json({ key }, { status: 201 });
});
