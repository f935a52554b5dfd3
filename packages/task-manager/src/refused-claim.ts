import { ConditionFailedError } from '@sosw/dynamo-client';
import { describeError, type TaskManagerContext } from './context.js';
import { TaskManagerError } from './errors.js';
import type { InvokeRefusal } from './invoke-refusal.js';
import { TASK_STATS } from './stat-names.js';
import { bury } from './transitions.js';
import type { TaskRow } from './types.js';

/**
 * Transient refusals in a row after which a task's attempt counts as failed, unless the task manager is
 * told otherwise (the orchestrator's `invoke_refusals_before_failure`). Each refusal already went through
 * the SDK's own retries (three tries with backoff for throttling and 5xx), so five is about fifteen sends
 * over a few passes of the orchestrator.
 */
export const DEFAULT_INVOKE_REFUSALS_BEFORE_FAILURE = 5;

/**
 * The `invokeRefusalsBeforeFailure` option of `TaskManager`, checked: a whole number >= 1 (1 fails the
 * attempt at the first transient refusal), the default when not given.
 *
 * @throws TaskManagerError naming the option when it is not a whole number >= 1
 * @example
 * refusalsBeforeFailure(undefined); // 5
 */
export function refusalsBeforeFailure(value: number | undefined): number {
  if (value === undefined) return DEFAULT_INVOKE_REFUSALS_BEFORE_FAILURE;
  if (!Number.isInteger(value) || value < 1) {
    throw new TaskManagerError(
      `TaskManager option "invokeRefusalsBeforeFailure" must be a whole number >= 1, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * A claim whose invoke Lambda refused: the task as claimed, where its greenfield was before, and where
 * "expired now" is for it (see `ClaimedTask` in claim.ts, which this is a part of).
 */
export interface RefusedClaim {
  task: TaskRow;
  previousGreenfield: number;
  expiredGreenfield: number;
}

/**
 * What became of a claim whose invoke Lambda refused:
 *
 * - `buried`: refused for good; the task is closed as dead now, with the reason.
 * - `rolled_back`: refused for now; the task is queued again where it was, attempts as before, and the
 *   refusal counted on it (`invoke_refusals`).
 * - `failed`: refused for now, and that made `invokeRefusalsBeforeFailure` in a row; the attempt stays
 *   counted and is expired now, as after a worker's failure report: the scavenger retries the task or
 *   buries it by `max_attempts`.
 * - `left_claimed`: none of the above could be written (the task changed meanwhile, or DynamoDB failed); the
 *   claim stays, and the attempt expires and is retried like a lost invocation.
 *
 * The first three leave the task not running: the caller's `RunningLedger` must stop counting it.
 */
export type RefusedClaimOutcome = 'buried' | 'rolled_back' | 'failed' | 'left_claimed';

/**
 * Settles a claim whose invoke Lambda refused, by what the refusal means for the task (`invokeRefusalOf`):
 * a permanent refusal buries the task (the scavenger's `bury`: one transaction with its `archived_dead`
 * row); a transient one rolls the claim back and counts it, and the one that makes
 * `ctx.invokeRefusalsBeforeFailure` in a row fails the attempt instead. Why not always roll back: a task
 * Lambda keeps refusing would stay at the head of the queue and be invoked on every pass for ever, taking
 * a slot each time. Never throws.
 */
export async function settleRefusedClaim(
  ctx: TaskManagerContext,
  claimed: RefusedClaim,
  refusal: InvokeRefusal,
): Promise<RefusedClaimOutcome> {
  const { task } = claimed;
  const about = { task_id: task.task_id, labourer_id: task.labourer_id, reason: refusal.reason };
  if (refusal.kind === 'permanent') {
    ctx.stats.increment(TASK_STATS.invokeRefusedForGood);
    if (await buryRefused(ctx, task, refusal)) {
      ctx.logger.warn('invoke refused for good; the task is buried', about);
      return 'buried';
    }
    ctx.logger.warn(
      'invoke refused for good and the task could not be buried now; it stays claimed, expires, and is ' +
        'buried when it is refused again',
      about,
    );
    return 'left_claimed';
  }
  const refusals = await rollBack(ctx, claimed);
  if (refusals === undefined) return 'left_claimed';
  if (refusals < ctx.invokeRefusalsBeforeFailure) {
    ctx.logger.warn('invoke refused; the claim is rolled back', { ...about, invoke_refusals: refusals });
    return 'rolled_back';
  }
  if (!(await failAttempt(ctx, claimed, refusals))) {
    // Still queued as the rollback left it, or claimed again meanwhile: either way its next refusal
    // finds the count at the limit and fails the attempt.
    return 'rolled_back';
  }
  ctx.stats.increment(TASK_STATS.invokeRefusalsExhausted);
  ctx.logger.warn(`invoke refused ${refusals} times in a row; the attempt counts as failed`, {
    ...about,
    invoke_refusals: refusals,
  });
  return 'failed';
}

/** Buries a task Lambda will never take, through the one way to bury (`bury`); whether it is buried. */
async function buryRefused(ctx: TaskManagerContext, task: TaskRow, refusal: InvokeRefusal): Promise<boolean> {
  try {
    // `bury`'s condition, the task still carries this claim's greenfield and has no completion, holds:
    // nobody else writes a claimed task before its invoke is settled, and Lambda ran nothing.
    const result = await bury(ctx, task, `invoke refused for good: ${refusal.reason}`);
    return result.done.length > 0;
  } catch (error) {
    ctx.logger.error('could not bury a task whose invoke was refused for good', {
      task_id: task.task_id,
      error: describeError(error),
    });
    return false;
  }
}

/**
 * Undoes a claim whose invoke was refused for now: the greenfield back to where it was, `attempts` one
 * less, and one more `invoke_refusals`, if the task still carries this claim's greenfield (nobody else has
 * touched it since). ONE conditional update, which also tells how many refusals in a row the task has had.
 *
 * @returns the task's `invoke_refusals` after this one, or `undefined` when the claim could not be undone
 * (it stays: the task expires and is retried like any lost invocation)
 */
async function rollBack(ctx: TaskManagerContext, claimed: RefusedClaim): Promise<number | undefined> {
  const taskId = claimed.task.task_id;
  try {
    const written = await ctx.db.patch<Pick<TaskRow, 'invoke_refusals'>>(
      ctx.tables.tasks,
      { task_id: taskId },
      {
        set: { greenfield: claimed.previousGreenfield },
        increment: { attempts: -1, invoke_refusals: 1 },
      },
      { condition: { greenfield: { eq: claimed.task.greenfield } }, returns: 'updated' },
    );
    return written.invoke_refusals ?? 1;
  } catch (error) {
    ctx.stats.increment(TASK_STATS.rollbackSkipped);
    ctx.logger.warn(
      'invoke failed and its claim could not be rolled back; the task will expire and be retried',
      { task_id: taskId, error: describeError(error) },
    );
    return undefined;
  }
}

/**
 * Makes the attempt of a task refused `refusals` times in a row a failed one: takes the task back from
 * the queue (where the rollback just put it) with its attempt counted again, expired now, and its count
 * cleared for the next attempt. ONE conditional update: the task must still be where the rollback left it
 * (greenfield as before the claim); otherwise someone claimed it meanwhile, and it is left to them.
 */
async function failAttempt(
  ctx: TaskManagerContext,
  claimed: RefusedClaim,
  refusals: number,
): Promise<boolean> {
  try {
    await ctx.db.patch(
      ctx.tables.tasks,
      { task_id: claimed.task.task_id },
      {
        set: { greenfield: claimed.expiredGreenfield },
        increment: { attempts: 1 },
        remove: ['invoke_refusals'],
      },
      { condition: { greenfield: { eq: claimed.previousGreenfield }, invoke_refusals: { eq: refusals } } },
    );
    return true;
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) {
      ctx.logger.error('could not fail the attempt of a task refused again and again', {
        task_id: claimed.task.task_id,
        error: describeError(error),
      });
    }
    return false;
  }
}

/**
 * Clears the refusals counted on a task whose invoke Lambda has now taken: the next refusal, in a later
 * attempt, starts a new count. Only for a task that carries a count, so a task never refused costs no
 * write. Never throws: a count left behind only means a later attempt fails after fewer refusals.
 */
export async function clearRefusals(ctx: TaskManagerContext, task: TaskRow): Promise<void> {
  if (task.invoke_refusals === undefined) return;
  try {
    await ctx.db.patch(
      ctx.tables.tasks,
      { task_id: task.task_id },
      { remove: ['invoke_refusals'] },
      { condition: { greenfield: { eq: task.greenfield } } },
    );
  } catch (error) {
    // A task that moved on already (a quick failure report) keeps its count; that is all.
    if (error instanceof ConditionFailedError) return;
    ctx.logger.warn('could not clear the invoke refusals of an invoked task', {
      task_id: task.task_id,
      error: describeError(error),
    });
  }
}
