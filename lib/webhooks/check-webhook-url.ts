import dns from "node:dns";
import net from "node:net";
import { isPublicAddress, parseAllowlist } from "../fetch-image/classify-address";

export class WebhookUrlRefused extends Error {}

/**
 * The address to POST to, checked as image fetches are (SSRF): every address the host resolves to must be public, unless
 * WEBHOOK_ALLOWLIST names the host or address. The caller connects to the returned address (no DNS rebinding between).
 */
export async function checkWebhookUrl(rawUrl: string, allowlist: string, resolve = async (host: string) => (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address)): Promise<string> {
  const url = new URL(rawUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new WebhookUrlRefused(`Only http and https URLs can receive webhooks (got ${url.protocol}).`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const allow = parseAllowlist(allowlist);
  const addresses = net.isIP(host) ? [host] : await resolve(host);
  if (addresses.length === 0) throw new Error(`${host} has no address`);
  for (const address of addresses) {
    if (!allow.allowsHost(host) && !allow.allowsAddress(address) && !isPublicAddress(address)) {
      throw new WebhookUrlRefused(`${host} resolves to a private or reserved address (${address}); webhooks go only to public hosts unless WEBHOOK_ALLOWLIST names it.`);
    }
  }
  return addresses[0];
}
