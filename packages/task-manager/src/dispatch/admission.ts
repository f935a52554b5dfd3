/**
 * Which queued tasks one look of the dispatcher claims (pure rules): in queue order (the greenfield
 * index's, where fair share already interleaved the keys), at most `free` of them, and none of a key that
 * has `perKeyCap` tasks running or chosen already. Tasks without a `concurrency_key` form one key.
 */

/** The key of a task without one: such tasks share one cap, as the "form one key" asks. */
export const UNKEYED = '';

/** What admission reads of a queued task. */
export interface Candidate {
  task_id: string;
  concurrency_key?: string | undefined;
}

/** The limits of one look. */
export interface AdmissionLimits {
  /** Tasks this look may claim: the budget's free slots, the rate limit's allowance, whichever is less. */
  free: number;
  /** Tasks of one key running at once, at most; `undefined`: no per-key cap. */
  perKeyCap?: number | undefined;
  /** Tasks running now, by key (`UNKEYED` for those without one). */
  runningByKey: ReadonlyMap<string, number>;
}

/** The key a task counts under. */
export function keyOf(task: { concurrency_key?: string | undefined }): string {
  return task.concurrency_key ?? UNKEYED;
}

/**
 * The candidates to claim, in their order.
 *
 * @example
 * admit([{ task_id: 'a1', concurrency_key: 'a' }, { task_id: 'a2', concurrency_key: 'a' }, { task_id: 'b1', concurrency_key: 'b' }],
 *   { free: 5, perKeyCap: 1, runningByKey: new Map() });
 * // [a1, b1]
 */
export function admit<T extends Candidate>(candidates: readonly T[], limits: AdmissionLimits): T[] {
  const chosen: T[] = [];
  const counts = new Map(limits.runningByKey);
  for (const task of candidates) {
    if (chosen.length >= limits.free) break;
    const key = keyOf(task);
    const running = counts.get(key) ?? 0;
    if (limits.perKeyCap !== undefined && running >= limits.perKeyCap) continue;
    counts.set(key, running + 1);
    chosen.push(task);
  }
  return chosen;
}

/**
 * How many queued tasks a look reads to find `free` it may claim: just `free` without a per-key cap;
 * with one, more (keys at their cap are passed over), up to `MAX_LOOKAHEAD`.
 */
export function lookahead(free: number, perKeyCap: number | undefined): number {
  if (perKeyCap === undefined) return free;
  return Math.min(MAX_LOOKAHEAD, Math.max(free, free * LOOKAHEAD_FACTOR));
}

/** How many times `free` a look reads when keys may be at their cap. */
export const LOOKAHEAD_FACTOR = 8;
/** At most this many queued tasks read in one look: 1 MB of a Query answers about 1,000 small tasks. */
export const MAX_LOOKAHEAD = 1000;
