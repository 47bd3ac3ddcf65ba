// Google resets per-day quotas at midnight Pacific time (America/Los_Angeles), daylight saving included.
const PACIFIC = "America/Los_Angeles";
const parts = new Intl.DateTimeFormat("en-US", { timeZone: PACIFIC, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });

function pacificWallClock(ms: number) {
  const read = Object.fromEntries(parts.formatToParts(new Date(ms)).map((part) => [part.type, Number(part.value)]));
  return { year: read.year, month: read.month, day: read.day, hour: read.hour, minute: read.minute, second: read.second };
}

/** Milliseconds Pacific wall-clock time is ahead of UTC at this instant (−7 h or −8 h). */
function pacificOffsetMs(ms: number) {
  const wall = pacificWallClock(ms);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant of the next midnight in America/Los_Angeles after `nowMs`: when Google's daily quotas reset. */
export function nextPacificMidnight(nowMs: number): number {
  const today = pacificWallClock(nowMs);
  const midnightWall = Date.UTC(today.year, today.month - 1, today.day + 1);
  // The offset at midnight may differ from now's (a DST change during the day): take it at the candidate, twice.
  let instant = midnightWall - pacificOffsetMs(nowMs);
  instant = midnightWall - pacificOffsetMs(instant);
  return instant;
}

/** The start of the Pacific day holding `nowMs` (for daily budgets that follow Google's day). */
export function pacificDayStart(nowMs: number): number {
  const today = pacificWallClock(nowMs);
  const midnightWall = Date.UTC(today.year, today.month - 1, today.day);
  let instant = midnightWall - pacificOffsetMs(nowMs);
  instant = midnightWall - pacificOffsetMs(instant);
  return instant;
}
