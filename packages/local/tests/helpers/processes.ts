import { execFileSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

interface ProcessRow {
  pid: number;
  ppid: number;
  state: string;
  command: string;
}

/** Every process on the machine, from `ps` (portable to Linux and macOS). */
function processes(): ProcessRow[] {
  return execFileSync('ps', ['-A', '-o', 'pid=,ppid=,stat=,comm='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 4)
    .map(([pid, ppid, state, command]) => ({
      pid: Number(pid),
      ppid: Number(ppid),
      state: state!,
      command: command!,
    }));
}

/**
 * Whether `pid` runs. A zombie (exited, not yet reaped: here PID 1 may never reap) does not run.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const row = processes().find((candidate) => candidate.pid === pid);
  return row !== undefined && !row.state.startsWith('Z');
}

/** Waits until `pid` no longer runs; `false` if it still does after `timeoutMs`. */
export async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (isRunning(pid)) {
    if (performance.now() > deadline) return false;
    await delay(100);
  }
  return true;
}

/** The running children of `pid`, but for the `ps` that lists them. */
export function runningChildren(pid: number): number[] {
  return processes()
    .filter((row) => row.ppid === pid && !row.state.startsWith('Z') && row.command !== 'ps')
    .map((row) => row.pid);
}

/** Kills `pid` if it still runs: cleanup after a failed assertion, so a failing test leaves no java. */
export function killIfRunning(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone, as it should be.
  }
}
