import { randomInt } from 'node:crypto';
import type { Clock } from '@sosw/core';
import type { CompletionRecord, MetaAction, MetaRow, TaskRow } from './types.js';

/**
 * Timestamps for meta rows: epoch seconds with six decimals (microseconds), as Python's `time.time()`
 * gives them, and never the same twice in this process. The meta table's key is `task_id` +
 * `created_at`, so two events of one task at the same timestamp would overwrite each other: within a
 * process each stamp is greater than the previous one; between processes (two scavengers, a scavenger and
 * a worker-assistant) a random microsecond within the millisecond makes a collision unlikely (1 in 1000
 * for two events of one task in the same millisecond), not impossible.
 *
 * @example
 * const stamps = new MetaTimestamps(new FixedClock(1_000));
 * stamps.next(); // e.g. 1.000417
 * stamps.next() > stamps.next(); // false: always increasing
 */
export class MetaTimestamps {
  #lastMicros = 0;

  constructor(
    private readonly clock: Clock,
    private readonly random: (below: number) => number = randomInt,
  ) {}

  /** The next timestamp, in seconds. */
  next(): number {
    const micros = Math.max(Math.floor(this.clock.nowMs()) * 1000 + this.random(1000), this.#lastMicros + 1);
    this.#lastMicros = micros;
    return micros / 1_000_000;
  }
}

/** Who writes meta rows and from which invocation. */
export interface MetaAuthor {
  /** The function name written in `author`. */
  author: string;
  /** The current invocation's request id, if the service tells it. */
  invocationId?: (() => string | undefined) | undefined;
}

/**
 * A meta row for an event of a task.
 *
 * @example
 * metaRow({ task_id: 't1', labourer_id: 'w' }, 'archived', 1700000000.123456, { author: 'sosw_scavenger' });
 * // { task_id: 't1', created_at: 1700000000.123456, action: 'archived', labourer_id: 'w', author: 'sosw_scavenger' }
 */
export function metaRow(
  task: { task_id: string; labourer_id: string },
  action: MetaAction,
  createdAt: number,
  author: MetaAuthor,
  details?: Record<string, unknown>,
): MetaRow {
  const invocationId = author.invocationId?.();
  return {
    task_id: task.task_id,
    created_at: createdAt,
    action,
    labourer_id: task.labourer_id,
    author: author.author,
    ...(invocationId !== undefined && { invocation_id: invocationId }),
    ...(details !== undefined && { details }),
  };
}

/** What a task keeps of its `marked_as_completed` meta row (`completedRowOf` gives the row back). */
export function completionRecordOf(row: MetaRow): CompletionRecord {
  return {
    created_at: row.created_at,
    author: row.author,
    ...(row.invocation_id !== undefined && { invocation_id: row.invocation_id }),
  };
}

/**
 * The meta row of a completion report, `marked_as_completed` (Python sosw's worker-assistant's name), that a
 * task carries since its completion (`markCompleted`), if it carries one: the row the scavenger writes to
 * the meta table before it archives the task.
 *
 * @example
 * completedRowOf({ ...task, completion: { created_at: 1700000000.5, author: 'sosw_worker_assistant' } });
 * // { task_id, created_at: 1700000000.5, action: 'marked_as_completed', labourer_id, author: 'sosw_worker_assistant' }
 */
export function completedRowOf(task: TaskRow): MetaRow | undefined {
  const { completion } = task;
  if (completion === undefined) return undefined;
  return metaRow(task, 'marked_as_completed', completion.created_at, {
    author: completion.author,
    invocationId: () => completion.invocation_id,
  });
}
