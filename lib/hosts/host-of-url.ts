/** The host an image URL is fetched from, lower-cased (the breaker's key); null for something that is not a URL. */
export function hostOfUrl(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase() || null;
  } catch {
    return null;
  }
}

