export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86_400)} d ${Math.floor((seconds % 86_400) / 3600)} h`;
}

export function untilText(iso: string | null): string {
  if (!iso) return "";
  const seconds = Math.max(0, Math.round((new Date(iso).getTime() - Date.now()) / 1000));
  return `for ${formatDuration(seconds)} more (until ${new Date(iso).toLocaleTimeString()})`;
}

export const percent = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)}%`);

/** When a daily quota comes back: Google resets them at midnight Pacific time, shown in the reader's time too. */
export function resetText(iso: string | null): string {
  if (!iso) return "";
  const at = new Date(iso);
  const pacific = at.toLocaleString("en-US", { timeZone: "America/Los_Angeles", hour: "numeric", minute: "2-digit", timeZoneName: "short" });
  return `resets at ${at.toLocaleString(undefined, { weekday: "short", hour: "numeric", minute: "2-digit" })} (${pacific})`;
}
