import { withApi } from "@/lib/http/with-api";
import { appContext } from "@/lib/server/app-context";
import { describeModels } from "@/lib/templates/describe-models";

// The model catalogue for the template editor: prices, thinking ranges, image tokens per media resolution. No keys.
export const GET = withApi({ role: "viewer" }, async () => Response.json(describeModels(appContext().config)));
