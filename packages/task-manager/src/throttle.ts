import type { TransactAction } from '@sosw/dynamo-client';
import { meta, now, type TaskManagerContext } from './context.js';
import { rejectReport, reportRejection, type ReportRejection } from './completion.js';
import { TaskManagerError } from './errors.js';
import { expiredNowGreenfield, greenfieldsInFront, type Timing } from './greenfield.js';
import { queueEndGreenfield } from './queue.js';
import { TASK_STATS } from './stat-names.js';
import { transactOnce } from './transaction-groups.js';
import type { TaskRow } from './types.js';

/**
 * Throttled reports in a row after which a throttle spends its attempt (unless the task manager is told
 * otherwise). A worker that meets throttling gives its attempt back, so a task throttled now and then
 * loses nothing; one throttled every time spends an attempt every this many, so `max_attempts` buries it
 * in the end instead of it going round for ever.
 */
export const THROTTLES_BEFORE_ATTEMPT = 5;

/**
 * The `throttlesBeforeAttempt` option of `TaskManager`, checked: a whole number >= 1 (1 spends the attempt
 * at every throttle), the default when not given.
 *
 * @throws TaskManagerError naming the option when it is not a whole number >= 1
 * @example
 * throttlesBeforeAttempt(undefined); // 5
 */
export function throttlesBeforeAttempt(value: number | undefined): number {
  if (value === undefined) return THROTTLES_BEFORE_ATTEMPT;
  if (!Number.isInteger(value) || value < 1) {
    throw new TaskManagerError(
      `TaskManager option "throttlesBeforeAttempt" must be a whole number >= 1, got ${String(value)}`,
    );
  }
  return value;
}

/** What `markThrottled` is told: whose task, which attempt met throttling, and why. */
export interface ThrottleReport {
  /** The task's labourer (the worker SDK always sends it): the write is conditional on it. */
  labourerId: string;
  /** The attempt that was throttled, as its claim left the task: it must still be the running one. */
  attempt: { attempts: number; greenfield: number };
  /** The labourer's timing: where "expired now" is, for the throttle that spends the attempt. */
  timing: Timing;
  /** The worker's error message, for the `throttled` meta row. */
  reason?: string | undefined;
}

export interface ThrottleResult {
  /**
   * `throttled`: back at the head of the queue, the attempt given back. `throttled_attempt_spent`: the
   * throttle that made `throttlesBeforeAttempt` in a row; the attempt counts and is expired now, for the
   * scavenger to retry after its delay, or to bury by `max_attempts`. Or why nothing was written.
   */
  outcome: 'throttled' | 'throttled_attempt_spent' | ReportRejection;
}

/** How many times a throttle is tried when the task changes between the read and the write. */
const THROTTLE_TRIES = 3;

/**
 * The worker-assistant's `mark_task_as_throttled`: the worker met throttling (HTTP 429, a
 * `ThrottlingException`, a database's too-many-connections), so the task goes back to the queue at once
 * without spending its attempt. One consistent read, one read of the queue's head, then ONE transaction:
 *
 * - the task's update, on the condition that the attempt is still running: the labourer's task, no
 *   `completed_at`, the claim's greenfield and `attempts`, and `throttles` as read. It sets
 *   `greenfield` just in front of the oldest queued task (where `retryToQueue` puts retries:
 *   `greenfieldsInFront`), gives the attempt back (`attempts - 1`), adds one to `throttles` and sets
 *   `throttled_at` (epoch seconds, fractional). Nothing else is touched (a `concurrency_key`, the payload).
 * - when that makes `throttlesBeforeAttempt` in a row, the attempt is not given back: the task is made
 *   expired now, as a failure report makes it, and `throttles` starts again at 0. Going back to the queue
 *   would not do: a claim never looks at `max_attempts`, only the scavenger does, on expired tasks.
 * - a `throttled` meta row saying which.
 *
 * `throttled_at` and a greenfield other than the claim's are how an orchestrator tells a throttle from a
 * completion or a failure (Python sosw ignores both attributes). A completion clears `throttles`.
 */
export async function markThrottled(
  ctx: TaskManagerContext,
  taskId: string,
  report: ThrottleReport,
): Promise<ThrottleResult> {
  const { labourerId, attempt } = report;
  for (let round = 1; ; round++) {
    const at = now(ctx);
    const task = await ctx.db.get<TaskRow>(ctx.tables.tasks, { task_id: taskId }, { consistent: true });
    const rejection =
      reportRejection(task, at, labourerId, attempt) ??
      // Running, not expired by a failure report of its own: the throttle comes from the attempt at work.
      (task?.greenfield === attempt.greenfield ? undefined : 'attempt_mismatch');
    if (task === undefined || rejection !== undefined) {
      return {
        outcome: await rejectReport(ctx, taskId, task, rejection ?? 'not_found', 'throttled', report),
      };
    }
    const oldest = await queueEndGreenfield(ctx, { id: labourerId }, at, 'oldest');
    const outcome = await writeThrottle(ctx, task, report, greenfieldsInFront(oldest, 1)[0] as number);
    if (outcome !== undefined) return { outcome };
    // Changed between the read and the write (completed, failed, another throttle): read it again.
    if (round >= THROTTLE_TRIES) {
      return { outcome: await rejectReport(ctx, taskId, task, 'attempt_mismatch', 'throttled', report) };
    }
  }
}

/** The throttle's transaction; `undefined` when the task was not as read. */
async function writeThrottle(
  ctx: TaskManagerContext,
  task: TaskRow,
  report: ThrottleReport,
  front: number,
): Promise<ThrottleResult['outcome'] | undefined> {
  const throttles = (task.throttles ?? 0) + 1;
  const spent = throttles >= ctx.throttlesBeforeAttempt;
  const throttledAt = ctx.clock.nowMs() / 1000;
  // Spent: expired now, and never the claim's own greenfield (a throttle reported just as the claim
  // expires would otherwise keep it), so the row always shows it left the claim.
  const expired = Math.min(expiredNowGreenfield(throttledAt, report.timing), report.attempt.greenfield - 1);
  const greenfield = spent ? expired : front;
  const actions: TransactAction[] = [
    {
      type: 'patch',
      table: ctx.tables.tasks,
      key: { task_id: task.task_id },
      update: {
        set: { greenfield, throttles: spent ? 0 : throttles, throttled_at: throttledAt },
        ...(!spent && { increment: { attempts: -1 } }),
      },
      condition: {
        labourer_id: { eq: report.labourerId },
        completed_at: { exists: false },
        greenfield: { eq: report.attempt.greenfield },
        attempts: { eq: report.attempt.attempts },
        throttles: task.throttles === undefined ? { exists: false } : { eq: task.throttles },
      },
    },
    {
      type: 'put',
      table: ctx.tables.meta,
      item: meta(ctx, task, 'throttled', {
        attempts: report.attempt.attempts,
        throttles,
        attempt_given_back: !spent,
        greenfield,
        ...(report.reason !== undefined && { reason: report.reason }),
      }),
    },
  ];
  if ((await transactOnce(ctx, actions)) !== 'done') return undefined;
  ctx.stats.increment(spent ? TASK_STATS.throttledAttemptSpent : TASK_STATS.throttled);
  return spent ? 'throttled_attempt_spent' : 'throttled';
}
