import { readdirSync, readFileSync } from "node:fs";

// CPU accounting from /proc (Linux). The machine may be shared, so results say how much of it other work took.

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Busy and total CPU ticks of the whole machine (all cores), from the first line of /proc/stat. */
function machineTicks() {
  const values = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - values[3] - values[4], total };
}

/** CPU ticks (user + system, with reaped children) of every process, and each one's parent and name. */
function processTable() {
  const table = new Map<number, { ppid: number; name: string; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      table.set(Number(entry), { ppid: Number(fields[1]), name, ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]) });
    } catch {
      /* gone meanwhile */
    }
  }
  return table;
}

type Group = { pid: number } | { name: string };

/** Ticks of each group: a root pid and its descendants, or the processes below this one with that command name. */
function groupTicks<K extends string>(groups: Record<K, Group>): Record<K, number> {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, row] of table) children.set(row.ppid, [...(children.get(row.ppid) ?? []), pid]);
  const subtree = (root: number): number[] => [root, ...(children.get(root) ?? []).flatMap(subtree)];
  const mine = subtree(process.pid);
  const entries = (Object.entries(groups) as [K, Group][]).map(([label, group]) => {
    const pids = "pid" in group ? subtree(group.pid) : mine.filter((pid) => table.get(pid)?.name === group.name);
    return [label, pids.reduce((n, pid) => n + (table.get(pid)?.ticks ?? 0), 0)] as const;
  });
  return Object.fromEntries(entries) as Record<K, number>;
}

/** CPU seconds used from now on by named groups of processes (processes that exit in between are not counted). */
export function processCpu<K extends string>(groups: Record<K, Group>) {
  const start = groupTicks(groups);
  return {
    seconds: (): Record<K, number> => {
      const end = groupTicks(groups);
      return Object.fromEntries((Object.keys(groups) as K[]).map((label) => [label, Math.round(((end[label] - start[label]) / TICKS_PER_SECOND) * 10) / 10])) as Record<K, number>;
    },
  };
}

/** From now on: how busy the machine was, and how much of it was work outside this process tree (other people's). */
export function watchMachine() {
  const machineStart = machineTicks();
  const own = processCpu({ own: { pid: process.pid } });
  return () => {
    const machine = machineTicks();
    const total = Math.max(1, machine.total - machineStart.total);
    const busy = machine.busy - machineStart.busy;
    const ownTicks = own.seconds().own * TICKS_PER_SECOND;
    return { busyPercent: Math.round((busy / total) * 100), otherWorkPercent: Math.max(0, Math.round(((busy - ownTicks) / total) * 100)) };
  };
}

const THREAD_CLASSES: [RegExp, string][] = [
  [/^V8|^DelayedTask/, "V8 helpers (GC, compiler)"],
  [/^libuv-worker/, "libuv pool (files, hashing, sharp calls)"],
  [/^libvips|^vips/, "libvips (image resize)"],
];

/** CPU ticks of every thread of a process tree, by kind: each process's main (JavaScript) thread, V8's, libuv's, libvips'. */
function threadClassTicks(root: number): Record<string, number> {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, row] of table) children.set(row.ppid, [...(children.get(row.ppid) ?? []), pid]);
  const subtree = (pid: number): number[] => [pid, ...(children.get(pid) ?? []).flatMap(subtree)];
  const ticks: Record<string, number> = {};
  for (const pid of subtree(root)) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
        const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const kind = tid === String(pid) ? "main threads (JavaScript)" : (THREAD_CLASSES.find(([pattern]) => pattern.test(name))?.[1] ?? "other threads");
        ticks[kind] = (ticks[kind] ?? 0) + Number(fields[11]) + Number(fields[12]);
      } catch {
        /* gone meanwhile */
      }
    }
  }
  return ticks;
}

/** CPU seconds used from now on by a process tree's threads, by kind (threads that end in between are not counted). */
export function threadCpu(root: number) {
  const start = threadClassTicks(root);
  return () => {
    const end = threadClassTicks(root);
    return Object.fromEntries(Object.entries(end).map(([kind, ticks]) => [kind, Math.round(((ticks - (start[kind] ?? 0)) / TICKS_PER_SECOND) * 10) / 10]));
  };
}
