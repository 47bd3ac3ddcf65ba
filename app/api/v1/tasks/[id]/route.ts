import { withApi } from "@/lib/http/with-api";
import { taskIdParam } from "@/lib/http/parse-id";
import { appContext } from "@/lib/server/app-context";
import { getTask } from "@/lib/tasks/get-task";

// A long operation that answered 202 (delete, cancel, retry of a huge batch…): its status, progress and result.
export const GET = withApi<{ id: string }>({ role: "viewer" }, async ({ params }) => {
  const { id } = taskIdParam.parse(params);
  return Response.json(await getTask(appContext().db, id), { headers: { "cache-control": "no-store" } });
});
