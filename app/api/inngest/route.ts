import { serve } from "inngest/next";
import { functions } from "@/inngest/functions";
import { inngest } from "@/lib/jobs/inngest";

// Inngest (Dev Server, Cloud or self-hosted) calls Loupe's functions here when INNGEST_EVENT_KEY or INNGEST_DEV is set.
export const { GET, POST, PUT } = serve({ client: inngest, functions });
