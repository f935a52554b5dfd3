/**
 * Greenfield: a task's state in one number, compared with the start of an orchestrator run (DESIGN §3).
 *
 *   queued     greenfield <  start                       (FIFO: the smallest greenfield goes first)
 *   expired    start <= greenfield <= expired, no completed_at
 *   running    expired <  greenfield,           no completed_at
 *   completed  completed_at set, whatever the greenfield
 *
 * A claim moves a task from queued to running by setting `greenfield = now + INVOKED_OFFSET_SECONDS`.
 * Those rules are the same as Python sosw's, so both can work on one table.
 */

/** How far a claim pushes a greenfield into the future: one Julian year, as in sosw. */
export const INVOKED_OFFSET_SECONDS = 31_557_600;

/** The distance between two new tasks of a labourer, so retries can be put in front of a task. */
export const GREENFIELD_STEP = 1000;

/** What the newest greenfield counts as when a labourer's queue is empty: its first task gets 2000. */
export const EMPTY_QUEUE_GREENFIELD = 1000;

/** The timestamps one orchestrator or scavenger run compares greenfields with. */
export interface RunWindow {
  /** `floor(now)`: below it, a task is queued. */
  start: number;
  /** What a claim made now sets the greenfield to. */
  invoked: number;
  /** At or below it (and at or above `start`), an invoked task that has not completed has expired. */
  expired: number;
}

/** What a labourer contributes to its run window: how long a run may take, and a margin after it. */
export interface Timing {
  /** Seconds a worker invocation may run (its Lambda timeout by default). */
  duration: number;
  /** Seconds after `duration` before an unfinished task counts as expired. */
  cooldown: number;
}

/**
 * The run window of a labourer at `nowSeconds`.
 *
 * @example
 * runWindow(123.9, { duration: 900, cooldown: 300 });
 * // { start: 123, invoked: 31557723, expired: 31556523 }
 */
export function runWindow(nowSeconds: number, timing: Timing): RunWindow {
  const start = Math.floor(nowSeconds);
  const invoked = start + INVOKED_OFFSET_SECONDS;
  return { start, invoked, expired: invoked - (timing.duration + timing.cooldown) };
}

export type TaskState = 'queued' | 'running' | 'expired' | 'completed';

/**
 * The state of a task in a run window.
 *
 * @example
 * const window = runWindow(1_000_000, { duration: 900, cooldown: 300 });
 * taskState({ greenfield: 5000 }, window); // 'queued'
 * taskState({ greenfield: window.invoked }, window); // 'running'
 */
export function taskState(task: { greenfield: number; completed_at?: number }, window: RunWindow): TaskState {
  if (task.completed_at !== undefined) return 'completed';
  if (task.greenfield < window.start) return 'queued';
  if (task.greenfield <= window.expired) return 'expired';
  return 'running';
}

/**
 * Greenfields for `count` new tasks placed behind the newest queued one, in order.
 *
 * @example
 * greenfieldsBehind(undefined, 3); // [2000, 3000, 4000]
 * greenfieldsBehind(7000, 2); // [8000, 9000]
 */
export function greenfieldsBehind(newestQueued: number | undefined, count: number): number[] {
  const newest = newestQueued ?? EMPTY_QUEUE_GREENFIELD;
  return Array.from({ length: count }, (_, i) => newest + GREENFIELD_STEP * (i + 1));
}

/**
 * Greenfields for `count` retried tasks placed in front of the oldest queued one, first to go first.
 *
 * @example
 * greenfieldsInFront(5000, 3); // [4997, 4998, 4999]
 */
export function greenfieldsInFront(oldestQueued: number | undefined, count: number): number[] {
  const oldest = oldestQueued ?? EMPTY_QUEUE_GREENFIELD;
  return Array.from({ length: count }, (_, i) => oldest - count + i);
}

/**
 * The greenfield that makes a task expired in every run from `nowSeconds` on, for a labourer with this
 * timing: what the worker-assistant writes when a worker reports a failure, so the next scavenger run
 * retries it without waiting for the timeout.
 *
 * @example
 * const g = expiredNowGreenfield(1_000, { duration: 900, cooldown: 300 });
 * taskState({ greenfield: g }, runWindow(1_000, { duration: 900, cooldown: 300 })); // 'expired'
 */
export function expiredNowGreenfield(nowSeconds: number, timing: Timing): number {
  return runWindow(nowSeconds, timing).expired;
}
