import type { Random } from '@sosw/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { between } from '../seed.js';
import type { ServiceProcess } from '../services/service-runner.js';

/** Options of `killAtRandom`. */
export interface KillOptions {
  /** The seeded generator that picks each victim and moment. */
  random: Random;
  /** How many kills. */
  kills: number;
  /** Milliseconds between two kills: drawn from `[minMs, maxMs]`. */
  minMs: number;
  maxMs: number;
  /** Told of each kill, e.g. to log it. */
  onKill?: (service: ServiceProcess, afterMs: number) => void;
}

/**
 * Kills the services with SIGKILL at seeded random moments, one at a time, and starts each victim again
 * at once: `kills` times, `[minMs, maxMs]` apart. The moments are random with respect to what each
 * service is doing (a run is a few hundred ms of queries, claims, invokes and transactions, and the
 * services tick continuously), so over a run the kills land while scheduling, claiming, invoking,
 * completing, archiving and retrying. Services that are not alive (a scheduler whose job is done) are
 * not picked.
 *
 * @returns the number of kills made
 *
 * @example
 * await killAtRandom([orchestrator, scavenger, assistant], { random, kills: 12, minMs: 200, maxMs: 1500 });
 */
export async function killAtRandom(
  services: readonly ServiceProcess[],
  options: KillOptions,
): Promise<number> {
  let made = 0;
  for (let n = 0; n < options.kills; n++) {
    const afterMs = between(options.random, options.minMs, options.maxMs);
    const pick = options.random();
    await sleep(afterMs);
    const alive = services.filter((service) => service.alive);
    const victim = alive[Math.floor(pick * alive.length)];
    if (victim === undefined) continue;
    options.onKill?.(victim, afterMs);
    await victim.kill();
    made += 1;
    // The scheduler that finished its job is not started again; every other service is. (`scheduleUntilDone`
    // may have started the scheduler already: `alive` is checked and set without a pause between.)
    if (!victim.alive && !(victim.service === 'scheduler' && victim.done)) await victim.start();
  }
  return made;
}

/**
 * Runs a job through the scheduler in a child process until it is written, starting a new child
 * whenever one dies (killed, or failed on a fault). Another task (`killAtRandom`) may kill it meanwhile.
 *
 * @returns how many lives it took
 */
export async function scheduleUntilDone(scheduler: ServiceProcess, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!scheduler.alive) {
      try {
        await scheduler.start();
      } catch {
        // Killed (or faulted) while loading: a new life on the next turn.
      }
    }
    const code = await scheduler.exited();
    if (code === 0 && scheduler.done) return scheduler.starts;
    // A killer may be starting it again right now: give it a moment before starting one ourselves.
    await sleep(200);
  }
  throw new Error(`the scheduler did not finish its job in ${timeoutMs} ms (${scheduler.starts} lives)`);
}
