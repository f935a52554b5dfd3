import { InvokeCommand } from '@aws-sdk/client-lambda';
import { ConditionFailedError } from '@sosw/dynamo-client';
import { mapConcurrent } from '@sosw/core';
import { describeError, meta, type TaskManagerContext } from './context.js';
import { LabourerMismatchError } from './errors.js';
import { MetaRowWriter } from './meta-writer.js';
import type { RunWindow } from './greenfield.js';
import type { Labourer } from './labourer.js';
import { InvokeAnswerLostError, withoutBlindResend } from './invoke-answer.js';
import { invocationPayload } from './payload.js';
import { nextTasks, type LabourerRef } from './queue.js';
import { TASK_STATS } from './stat-names.js';
import type { MetaRow, TaskRow } from './types.js';
import type { RunningLedger } from './dispatch/running-ledger.js';

/** A task this run has claimed: the row after the claim, and where its greenfield was before. */
export interface ClaimedTask {
  /** The task after the claim: `greenfield = window.invoked`, `attempts` one more. */
  task: TaskRow;
  /** Its greenfield before the claim: a failed invoke puts it back there. */
  previousGreenfield: number;
}

/** What `claimAndInvoke` did. */
export interface ClaimAndInvokeResult {
  /** Tasks claimed and accepted by Lambda. */
  invoked: number;
  /** Tasks another orchestrator claimed first (`concurrent_task_invocations_skipped`). */
  skipped: number;
  /** Tasks whose invoke failed (claim rolled back) or whose claim failed for another reason (logged). */
  failed: number;
  /** The queue held fewer tasks than the budget asked for: it is empty now, as far as this read saw. */
  queueDrained: boolean;
}

/** Options of `claimAndInvoke`. */
export interface ClaimAndInvokeOptions {
  /** Claims and invokes in flight at once. Default 32. */
  concurrency?: number;
  /**
   * The running tasks the caller counts against the budget: every claim is written into it before it is
   * sent, and taken out only when its condition failed (see `RunningLedger`).
   */
  ledger?: RunningLedger | undefined;
}

/**
 * Claims and invokes in flight at once, per labourer. Each task waits for two round trips (the claim, then
 * the invoke), so throughput is about this many tasks per (claim + invoke) latency: 32 keeps DynamoDB busy
 * (measured with `pnpm bench`) and stays under the SDK's 50 sockets per client.
 */
export const DEFAULT_INVOKE_CONCURRENCY = 32;

function assertOwnTask(labourer: LabourerRef, task: TaskRow): void {
  if (task.labourer_id !== labourer.id)
    throw new LabourerMismatchError(task.task_id, task.labourer_id, labourer.id);
}

/**
 * Claims a queued task for this run: ONE conditional update sets `greenfield = window.invoked` and adds 1
 * to `attempts`, if the task is still queued (`greenfield < window.start`) and still has the greenfield
 * it was read with. That condition is the one guard against a second orchestrator invoking the same
 * task (DESIGN §3): the loser gets `undefined`, counted as `concurrent_task_invocations_skipped`; it is
 * not an error.
 *
 * @throws LabourerMismatchError when the task is another labourer's
 */
export async function claim(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  task: TaskRow,
  window: RunWindow,
): Promise<ClaimedTask | undefined> {
  assertOwnTask(labourer, task);
  try {
    // Only the written attributes come back, not the payload again. The condition that greenfield is
    // still the one read means the task is as read (every change sosw makes to a queued task moves its
    // greenfield), so the read row with them over it is the row after the claim; and the invocation is
    // built from the payload, which nothing changes after creation.
    const changed = await ctx.db.patch<Pick<TaskRow, 'greenfield' | 'attempts'>>(
      ctx.tables.tasks,
      { task_id: task.task_id },
      { set: { greenfield: window.invoked }, increment: { attempts: 1 } },
      { condition: { greenfield: { lt: window.start, eq: task.greenfield } }, returns: 'updated' },
    );
    return { task: { ...task, ...changed }, previousGreenfield: task.greenfield };
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    ctx.stats.increment(TASK_STATS.claimSkipped);
    return undefined;
  }
}

/**
 * Undoes a claim whose invoke failed: the greenfield back to where it was, `attempts` one less, if the
 * task still carries this claim's greenfield (nobody else has touched it since). Never throws: a claim
 * that cannot be undone leaves the task invoked, and it expires and is retried like any lost invocation.
 */
async function rollBack(ctx: TaskManagerContext, claimed: ClaimedTask): Promise<boolean> {
  const taskId = claimed.task.task_id;
  try {
    await ctx.db.patch(
      ctx.tables.tasks,
      { task_id: taskId },
      { set: { greenfield: claimed.previousGreenfield }, increment: { attempts: -1 } },
      { condition: { greenfield: { eq: claimed.task.greenfield } } },
    );
    return true;
  } catch (error) {
    ctx.stats.increment(TASK_STATS.rollbackSkipped);
    ctx.logger.warn(
      'invoke failed and its claim could not be rolled back; the task will expire and be retried',
      {
        task_id: taskId,
        error: describeError(error),
      },
    );
    return false;
  }
}

/** Why Lambda did not take an invocation, when it answered rather than threw. */
function refusal(output: {
  StatusCode?: number | undefined;
  FunctionError?: string | undefined;
}): string | undefined {
  if (output.FunctionError !== undefined) return `FunctionError: ${output.FunctionError}`;
  // An accepted asynchronous invocation is 202 Accepted.
  // https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
  if (output.StatusCode !== 202) return `status ${String(output.StatusCode)}, expected 202`;
  return undefined;
}

/**
 * What became of a claimed task's invoke: Lambda took it (or may have: its answer was lost); it refused
 * and the claim was rolled back (the task is queued again); it refused and the claim stayed (it could not
 * be rolled back: the task expires and is retried).
 */
type InvokeOutcome = 'accepted' | 'rolled_back' | 'refused';

/**
 * Invokes a claimed task asynchronously, then records an `invoked` or `invoke_failed` meta row with
 * `record` (default: written at once).
 */
async function invokeClaimed(
  ctx: TaskManagerContext,
  labourer: Pick<Labourer, 'id' | 'arn'>,
  claimed: ClaimedTask,
  record: (row: MetaRow) => Promise<void> | void,
): Promise<InvokeOutcome> {
  const { task } = claimed;
  assertOwnTask(labourer, task);
  let failure: string | undefined;
  try {
    const output = await ctx.lambda().send(
      withoutBlindResend(
        new InvokeCommand({
          // Always the arn from config: a task row's fields never choose the function.
          FunctionName: labourer.arn,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify(invocationPayload(task))),
        }),
      ),
    );
    failure = refusal(output);
  } catch (error) {
    if (error instanceof InvokeAnswerLostError) {
      // Maybe running: rolling back could run this attempt twice. The claim stays; if Lambda did not take
      // it, the task expires and the scavenger retries it as the next attempt.
      ctx.stats.increment(TASK_STATS.invokeAnswerLost);
      ctx.logger.warn('the answer to an invoke was lost; the task stays invoked', {
        task_id: task.task_id,
        error: error.message,
      });
      await record(
        meta(ctx, task, 'invoked', {
          attempts: task.attempts,
          greenfield: task.greenfield,
          answer: 'lost',
        }),
      );
      return 'accepted';
    }
    failure = describeError(error);
  }
  if (failure === undefined) {
    ctx.stats.increment(TASK_STATS.invoked);
    await record(meta(ctx, task, 'invoked', { attempts: task.attempts, greenfield: task.greenfield }));
    return 'accepted';
  }
  ctx.stats.increment(TASK_STATS.invokeFailed);
  ctx.logger.warn('invoke failed; rolling the claim back', { task_id: task.task_id, error: failure });
  const rolledBack = await rollBack(ctx, claimed);
  await record(meta(ctx, task, 'invoke_failed', { error: failure }));
  return rolledBack ? 'rolled_back' : 'refused';
}

/**
 * Invokes a claimed task: Lambda `Invoke` of `labourer.arn` (never an arn from the task), asynchronous
 * (`InvocationType: 'Event'`), with the task's payload and its fields over it (`invocationPayload`). When
 * Lambda throws or does not accept it (a `FunctionError`, a status other than 202), the claim is rolled
 * back: greenfield and attempts as before, so the task is queued again at once. Writes an `invoked` or
 * `invoke_failed` meta row. Returns whether Lambda accepted the invocation.
 *
 * An invoke whose answer is lost (the connection fails or times out after the request went out) may
 * have reached Lambda: it is neither sent again nor rolled back (`withoutBlindResend`), so no attempt
 * runs twice. Its `invoked` row says `answer: 'lost'`; if Lambda did not take it, the task expires and
 * the scavenger retries it as the next attempt.
 *
 * @throws LabourerMismatchError when the task is another labourer's
 */
export async function invoke(
  ctx: TaskManagerContext,
  labourer: Pick<Labourer, 'id' | 'arn'>,
  claimed: ClaimedTask,
): Promise<boolean> {
  const outcome = await invokeClaimed(ctx, labourer, claimed, async (row) => {
    try {
      await ctx.db.put(ctx.tables.meta, row);
    } catch (error) {
      // The invocation is done (or rolled back) already: a lost meta row must not make it look failed.
      ctx.stats.increment(TASK_STATS.metaRowsLost);
      ctx.logger.warn('could not write the meta row of an invoke; the task is fine', {
        task_id: row.task_id,
        action: row.action,
        error: describeError(error),
      });
    }
  });
  return outcome === 'accepted';
}

/**
 * The orchestrator's step for one labourer: reads up to `budget` next tasks, then claims and invokes
 * them, `concurrency` at a time. A task lost to another orchestrator is skipped; a failed invoke is
 * rolled back and counted as failed; an unexpected error on one task is logged and counted as failed,
 * and never stops the others.
 *
 * The `invoked` / `invoke_failed` meta rows are written in batches of 25 while the run goes on
 * (`MetaRowWriter`): a crash loses the rows of the last batch, never a task.
 */
export async function claimAndInvoke(
  ctx: TaskManagerContext,
  labourer: Pick<Labourer, 'id' | 'arn'>,
  window: RunWindow,
  budget: number,
  { concurrency = DEFAULT_INVOKE_CONCURRENCY, ledger }: ClaimAndInvokeOptions = {},
): Promise<ClaimAndInvokeResult> {
  const result: ClaimAndInvokeResult = { invoked: 0, skipped: 0, failed: 0, queueDrained: false };
  const limit = Math.floor(budget);
  if (!(limit >= 1)) return result;
  const tasks = await nextTasks(ctx, labourer, window, limit);
  result.queueDrained = tasks.length < limit;
  const rows = new MetaRowWriter(ctx, 'invoked');
  await mapConcurrent(tasks, concurrency, async (task) => {
    try {
      // Counted before the request leaves: from here on, the claim may land whatever happens to us.
      ledger?.add(task.task_id, window.invoked);
      const claimed = await claim(ctx, labourer, task, window);
      if (claimed === undefined) {
        ledger?.delete(task.task_id);
        result.skipped += 1;
        return;
      }
      const outcome = await invokeClaimed(ctx, labourer, claimed, (row) => {
        rows.add(row);
      });
      if (outcome === 'accepted') result.invoked += 1;
      else result.failed += 1;
      // Queued again: it runs no more. A claim that could not be rolled back stays counted until it expires.
      if (outcome === 'rolled_back') ledger?.delete(task.task_id);
    } catch (error) {
      result.failed += 1;
      ctx.logger.error('claim failed', { task_id: task.task_id, error: describeError(error) });
    }
  });
  await rows.flush();
  return result;
}
