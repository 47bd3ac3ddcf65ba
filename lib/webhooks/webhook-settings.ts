import type { Config } from "../config";
import { ensureAuthSecret } from "../auth/ensure-auth-secret";
import type { WebhookSettings } from "./schemas";

export const webhookSettings = (config: Config): WebhookSettings => ({
  authSecret: ensureAuthSecret(config),
  retryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
  timeoutMs: config.WEBHOOK_TIMEOUT_MS,
  allowlist: config.WEBHOOK_ALLOWLIST,
});
