import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second, the unit of /proc/<pid>/stat's CPU times (usually 100). */
export const CLOCK_TICKS_PER_SECOND = ((): number => {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
})();

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, in ticks. */
  readonly ownTicks: number;
  /** cutime + cstime: children this process has waited for, in ticks. */
  readonly reapedChildrenTicks: number;
}

/** /proc/<pid>/stat, or undefined when the process is gone. */
function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (n: number): number => Number(fields[n - 3]);
  return { pid, ppid: field(4), ownTicks: field(14) + field(15), reapedChildrenTicks: field(16) + field(17) };
}

/** CPU time a process has used so far, in milliseconds (0 once it is gone). */
export function processCpuMs(pid: number): number {
  const stat = readStat(pid);
  return stat ? (stat.ownTicks * 1000) / CLOCK_TICKS_PER_SECOND : 0;
}

/**
 * CPU time a PostgreSQL server has used so far, in milliseconds: the postmaster, every live child
 * (backends, autovacuum, WAL writer, checkpointer…) and the children that already exited, which
 * the postmaster has reaped into its cutime/cstime.
 */
export function postgresCpuMs(postmasterPid: number): number {
  const postmaster = readStat(postmasterPid);
  if (!postmaster) return 0;
  let ticks = postmaster.ownTicks + postmaster.reapedChildrenTicks;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat?.ppid === postmasterPid) ticks += stat.ownTicks;
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Resident set size in bytes (VmRSS), or 0 when the process is gone. */
export function residentBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The 1-minute load average, to show how busy the (shared) machine was. */
export function loadAverage(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return Number.NaN;
  }
}
