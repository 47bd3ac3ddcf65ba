import { z } from "zod";
import { updateUser } from "@/lib/auth/manage-users";
import { recordAudit } from "@/lib/auth/record-audit";
import { updateUserSchema } from "@/lib/auth/schemas";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";

const userIdParam = z.object({ id: z.uuid({ message: "is not a valid user id" }) });

export const PATCH = withApi<{ id: string }>({ role: "admin" }, async ({ params, request, principal }) => {
  const { id } = userIdParam.parse(params);
  const input = updateUserSchema.parse(await request.json());
  const { db } = appContext();
  const user = await updateUser(db, id, input);
  const changed = { role: input.role, active: input.active, name: input.name, password: input.password !== undefined ? "changed" : undefined };
  await recordAudit(db, { userId: principal.userId, action: "user.update", targetType: "user", targetId: id, details: JSON.parse(JSON.stringify(changed)) });
  return Response.json({ user });
});
