// PostgreSQL's own CPU for one database: the server processes serving it are found by their title ("postgres:
// 15/main: <user> <database> <client> <state>", Linux /proc), their user + system time summed. A counter over a
// window of load, like the gateway's process.cpuUsage(), so a create's cost in the server is measured per create
// and other work on the machine distorts it less than a rate does. A backend that exits inside the window loses its
// share (the pool keeps its connections while busy); where /proc is not there, it reads 0.
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MICROS = 10_000; // USER_HZ = 100 on Linux

/** CPU time (µs) per server process of `database`, now. */
export function pgBackends(database: string): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[];
  try { pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p)); } catch { return out; }
  for (const pid of pids) {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ') || !title.split(' ').includes(database)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(pid), (Number(f[11]) + Number(f[12])) * TICK_MICROS);
    } catch { /* gone meanwhile */ }
  }
  return out;
}

/** The CPU (µs) the database's server processes spent between two readings. */
export function pgCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let t = 0;
  for (const [pid, cpu] of after) t += cpu - (before.get(pid) ?? 0);
  return t;
}
