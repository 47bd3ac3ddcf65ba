import { isStorableText } from "../validation/storable-text";

export const MAX_URL_LENGTH = 2048;

/** Why a value is not a fetchable image URL, or null when it is one. */
export function imageUrlProblem(value: string): string | null {
  const trimmed = value.trim();
  if (!trimmed) return "empty";
  if (trimmed.length > MAX_URL_LENGTH) return `longer than ${MAX_URL_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(trimmed) || !isStorableText(trimmed)) return "it contains control characters or broken Unicode";
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return "not a valid URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `${url.protocol.replace(":", "")}: URLs are not allowed (only http and https)`;
  if (!url.hostname) return "the URL has no host";
  if (url.username || url.password) return "URLs with a user name or password are not allowed";
  return null;
}
