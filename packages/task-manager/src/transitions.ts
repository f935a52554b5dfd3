import type { TransactAction } from '@sosw/dynamo-client';
import { meta, now, type TaskManagerContext } from './context.js';
import { InvalidTaskError } from './errors.js';
import { completedRowOf } from './meta.js';
import { priorityBand } from './fair-share.js';
import { greenfieldsInFront, runWindow } from './greenfield.js';
import type { Labourer } from './labourer.js';
import {
  bandEnd,
  closedStatusKey,
  completedTasks,
  dueRetries,
  expiredTasks,
  type LabourerRef,
} from './queue.js';
import { DEFAULT_RETRY_POLICY, retryDelaySeconds, type RetryPolicy } from './retry-delay.js';
import { TASK_STATS } from './stat-names.js';
import { runTransition, type TransitionItem } from './transaction-groups.js';
import type { ClosedTaskRow, RetryTaskRow, TaskRow, TransitionResult } from './types.js';

/** Retry rows brought back to the queue per call, unless told otherwise. */
export const DEFAULT_RETRY_TO_QUEUE_LIMIT = 500;

const asList = <T>(tasks: T | readonly T[]): readonly T[] => (Array.isArray(tasks) ? tasks : [tasks as T]);

/**
 * The condition under which an expired task may leave the tasks table: it still has the greenfield it
 * was read with (nobody claimed, rolled back or failed it since) and no completion. A worker that
 * completes the task meanwhile wins: the task stays, completed, and is archived on the next run.
 */
const unchangedAndUnfinished = (task: TaskRow) => ({
  greenfield: { eq: task.greenfield },
  completed_at: { exists: false },
});

function count(
  ctx: TaskManagerContext,
  result: TransitionResult,
  done: string,
  skipped: string,
): TransitionResult {
  if (result.done.length > 0) ctx.stats.increment(done, result.done.length);
  if (result.skipped.length > 0) ctx.stats.increment(skipped, result.skipped.length);
  return result;
}

/** The closed row of a task (without its `completion`: that is a meta row, written by `archive`). */
function closedRow(task: TaskRow, status: 'completed' | 'dead', closedAt: number): ClosedTaskRow {
  const { completion: _metaRow, ...row } = task;
  return { ...row, labourer_id_task_status: closedStatusKey(task.labourer_id, status), closed_at: closedAt };
}

/**
 * Archives completed tasks. First the `marked_as_completed` meta rows the tasks carry (`completion`, see
 * `markCompleted`) are written to the meta table, in batches; then each task moves to the closed table
 * (`labourer_id_task_status = <id>_1`, `closed_at = now`) in ONE transaction with the delete of its row
 * and an `archived` meta row. The put requires no closed row of that id yet, the delete the completion
 * as read: two scavengers archiving the same tasks at once archive each exactly once (the loser's tasks
 * come back as `skipped`).
 *
 * Why the `marked_as_completed` rows may go first, outside the transaction: each one's key (`task_id` + the
 * timestamp taken at completion) and content come from the task row, so writing it again (a second
 * scavenger, a run that crashed before its transactions) writes the same row over itself. A task is
 * archived only after its row is written: when the batch fails, this throws and archives nothing, and
 * the next run tries again.
 *
 * @throws InvalidTaskError when a task has no `completed_at` (read them with `completedTasks`)
 * @throws UnprocessedItemsError (or the SDK's error) when the `marked_as_completed` rows could not be written
 */
export async function archive(
  ctx: TaskManagerContext,
  tasks: TaskRow | readonly TaskRow[],
): Promise<TransitionResult> {
  const closedAt = now(ctx);
  const list = asList(tasks);
  const items = list.map((task): TransitionItem => {
    if (task.completed_at === undefined) {
      throw new InvalidTaskError(
        `archive: task ${task.task_id} has no completed_at; only completed tasks are archived`,
      );
    }
    return {
      taskId: task.task_id,
      actions: [
        {
          type: 'put',
          table: ctx.tables.closed,
          item: closedRow(task, 'completed', closedAt),
          ifAbsent: 'task_id',
        },
        {
          type: 'delete',
          table: ctx.tables.tasks,
          key: { task_id: task.task_id },
          condition: { completed_at: { eq: task.completed_at } },
        },
        { type: 'put', table: ctx.tables.meta, item: meta(ctx, task, 'archived') },
      ],
    };
  });
  const completedRows = list.flatMap((task) => completedRowOf(task) ?? []);
  if (completedRows.length > 0) await ctx.db.batchPut(ctx.tables.meta, completedRows);
  return count(
    ctx,
    await runTransition(ctx, items, 'archive'),
    TASK_STATS.archived,
    TASK_STATS.archiveSkipped,
  );
}

/**
 * Moves expired tasks to the retry table with `desired_launch_time = now + delay`: ONE transaction per
 * task (grouped for throughput) puts the retry row (a copy of the task), deletes the task if it is
 * unchanged and not completed, and writes a `scheduled_for_retry` meta row.
 *
 * @param delaySeconds - a delay for all, or one per task (see `retryDelaySeconds`)
 */
export async function moveToRetry(
  ctx: TaskManagerContext,
  tasks: TaskRow | readonly TaskRow[],
  delaySeconds: number | ((task: TaskRow) => number),
): Promise<TransitionResult> {
  const at = now(ctx);
  const items = asList(tasks).map((task): TransitionItem => {
    const delay = typeof delaySeconds === 'number' ? delaySeconds : delaySeconds(task);
    const row: RetryTaskRow = { ...task, desired_launch_time: at + Math.max(0, Math.floor(delay)) };
    return {
      taskId: task.task_id,
      actions: [
        { type: 'put', table: ctx.tables.retry, item: row, ifAbsent: 'task_id' },
        {
          type: 'delete',
          table: ctx.tables.tasks,
          key: { task_id: task.task_id },
          condition: unchangedAndUnfinished(task),
        },
        {
          type: 'put',
          table: ctx.tables.meta,
          item: meta(ctx, task, 'scheduled_for_retry', {
            attempts: task.attempts,
            desired_launch_time: row.desired_launch_time,
          }),
        },
      ],
    };
  });
  return count(
    ctx,
    await runTransition(ctx, items, 'move to retry'),
    TASK_STATS.movedToRetry,
    TASK_STATS.moveToRetrySkipped,
  );
}

/**
 * Closes tasks as dead: each moves to the closed table with `labourer_id_task_status = <id>_0` and
 * `closed_at = now`, in ONE transaction with the delete of its row (if unchanged and not completed, as in
 * `moveToRetry`) and an `archived_dead` meta row carrying `reason`.
 */
export async function bury(
  ctx: TaskManagerContext,
  tasks: TaskRow | readonly TaskRow[],
  reason?: string,
): Promise<TransitionResult> {
  const closedAt = now(ctx);
  const items = asList(tasks).map((task): TransitionItem => ({
    taskId: task.task_id,
    actions: [
      { type: 'put', table: ctx.tables.closed, item: closedRow(task, 'dead', closedAt), ifAbsent: 'task_id' },
      {
        type: 'delete',
        table: ctx.tables.tasks,
        key: { task_id: task.task_id },
        condition: unchangedAndUnfinished(task),
      },
      {
        type: 'put',
        table: ctx.tables.meta,
        item: meta(ctx, task, 'archived_dead', {
          attempts: task.attempts,
          ...(reason !== undefined && { reason }),
        }),
      },
    ],
  }));
  return count(ctx, await runTransition(ctx, items, 'bury'), TASK_STATS.buried, TASK_STATS.burySkipped);
}

/**
 * Brings a labourer's due retries (`desired_launch_time <= now`, earliest first, at most `limit`) back
 * to the FRONT of its queue: ONE read of the oldest queued greenfield, then greenfields just in front of
 * it in due order (`greenfieldsInFront`), so the earliest due is invoked first and before any new task.
 * With priorities, the front of the task's own priority band (`priorityBand`): ONE read per band among
 * the due retries, so a retry never jumps a task of a higher priority. A task keeps every attribute it
 * had (its `concurrency_key` and `priority` too).
 * Each task: ONE transaction puts the task row (none of that id may exist), deletes the retry row (it
 * must still be there, as read) and writes a `ready_for_retry` meta row.
 */
export async function retryToQueue(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  limit = DEFAULT_RETRY_TO_QUEUE_LIMIT,
): Promise<TransitionResult> {
  const start = now(ctx);
  const due = await dueRetries(ctx, labourer, start, limit);
  if (due.length === 0) return { done: [], skipped: [], failed: [] };
  const greenfieldOf = new Map<string, number>();
  const bands = new Map<number, RetryTaskRow[]>();
  for (const retry of due) {
    const band = bands.get(retry.priority ?? 0);
    if (band === undefined) bands.set(retry.priority ?? 0, [retry]);
    else band.push(retry);
  }
  await Promise.all(
    [...bands].map(async ([priority, retries]) => {
      const band = priorityBand(priority);
      const oldest = (await bandEnd(ctx, labourer, band, start, 'oldest'))?.greenfield;
      // An empty band: in front of where its first new task would go (999, 998, ... in band 0, as ever).
      const greenfields = greenfieldsInFront(oldest ?? band.base, retries.length);
      retries.forEach((retry, index) => greenfieldOf.set(retry.task_id, greenfields[index] as number));
    }),
  );
  const items = due.map((retry): TransitionItem => {
    const { desired_launch_time: launchTime, ...task } = retry;
    const row: TaskRow = { ...task, greenfield: greenfieldOf.get(retry.task_id) as number };
    const actions: TransactAction[] = [
      { type: 'put', table: ctx.tables.tasks, item: row, ifAbsent: 'task_id' },
      {
        type: 'delete',
        table: ctx.tables.retry,
        key: { labourer_id: retry.labourer_id, task_id: retry.task_id },
        condition: { desired_launch_time: { eq: launchTime } },
      },
      {
        type: 'put',
        table: ctx.tables.meta,
        item: meta(ctx, row, 'ready_for_retry', { greenfield: row.greenfield }),
      },
    ];
    return { taskId: retry.task_id, actions };
  });
  return count(
    ctx,
    await runTransition(ctx, items, 'retry to queue'),
    TASK_STATS.retried,
    TASK_STATS.retrySkipped,
  );
}

/** What `retryOrBury` did with expired tasks. */
export interface RetryOrBuryResult {
  movedToRetry: TransitionResult;
  buried: TransitionResult;
}

/**
 * The scavenger's rule for expired tasks: a task with attempts left (`attempts < maxAttempts`) goes to
 * the retry table with the policy's delay (sosw's: `duration * attempts`); one without is buried.
 */
export async function retryOrBury(
  ctx: TaskManagerContext,
  labourer: Pick<Labourer, 'id' | 'maxAttempts' | 'duration'>,
  tasks: readonly TaskRow[],
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<RetryOrBuryResult> {
  const retry = tasks.filter((task) => task.attempts < labourer.maxAttempts);
  const dead = tasks.filter((task) => task.attempts >= labourer.maxAttempts);
  const [movedToRetry, buried] = await Promise.all([
    moveToRetry(ctx, retry, (task) =>
      retryDelaySeconds(policy, { attempts: task.attempts, duration: labourer.duration }),
    ),
    bury(ctx, dead, `no attempts left (${labourer.maxAttempts} made)`),
  ]);
  return { movedToRetry, buried };
}

/** Options of `scavenge`. */
export interface ScavengeOptions {
  /** How long expired tasks wait before their retry. Default: sosw's linear rule. */
  retryPolicy?: RetryPolicy;
  /** Tasks read per step (completed, expired, due retries). Default 500. */
  limit?: number;
}

/** What one scavenger run did for a labourer. */
export interface ScavengeResult extends RetryOrBuryResult {
  archived: TransitionResult;
  retried: TransitionResult;
}

/**
 * One scavenger run for a labourer, sosw's order: archive the completed tasks, send the expired ones to
 * retry or bury them, bring the due retries back to the front of the queue.
 */
export async function scavenge(
  ctx: TaskManagerContext,
  labourer: Labourer,
  { retryPolicy = DEFAULT_RETRY_POLICY, limit = DEFAULT_RETRY_TO_QUEUE_LIMIT }: ScavengeOptions = {},
): Promise<ScavengeResult> {
  const window = runWindow(now(ctx), labourer);
  const archived = await archive(ctx, await completedTasks(ctx, labourer, window, limit));
  const expired = await retryOrBury(
    ctx,
    labourer,
    await expiredTasks(ctx, labourer, window, limit),
    retryPolicy,
  );
  const retried = await retryToQueue(ctx, labourer, limit);
  return { archived, ...expired, retried };
}
