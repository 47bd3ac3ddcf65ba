import { createUser, listUsers } from "@/lib/auth/manage-users";
import { recordAudit } from "@/lib/auth/record-audit";
import { createUserSchema } from "@/lib/auth/schemas";
import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";

export const GET = withApi({ role: "admin" }, async () => Response.json({ users: await listUsers(appContext().db) }));

export const POST = withApi({ role: "admin" }, async ({ request, principal }) => {
  const input = createUserSchema.parse(await request.json());
  const { db } = appContext();
  const user = await createUser(db, input);
  await recordAudit(db, { userId: principal.userId, action: "user.create", targetType: "user", targetId: user.id, details: { email: user.email, role: user.role } });
  return Response.json({ user }, { status: 201 });
});
