/** The uploaded file's name from the X-File-Name header (URI-encoded by the browser), without any path. */
export function fileNameFromHeaders(request: Request, fallback: string): string {
  const raw = request.headers.get("x-file-name");
  let name = fallback;
  if (raw) {
    try {
      name = decodeURIComponent(raw);
    } catch {
      name = raw;
    }
  }
  // eslint-disable-next-line no-control-regex -- control characters (NUL, newlines) have no place in a file name
  return name.replace(/[\u0000-\u001f\u007f]/g, "").split(/[\\/]/).pop()!.slice(0, 255) || fallback;
}
