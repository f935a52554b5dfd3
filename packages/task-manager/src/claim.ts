import { InvokeCommand } from '@aws-sdk/client-lambda';
import { ConditionFailedError } from '@sosw/dynamo-client';
import { mapConcurrent } from '@sosw/core';
import { describeError, meta, type TaskManagerContext } from './context.js';
import { LabourerMismatchError } from './errors.js';
import { MetaRowWriter } from './meta-writer.js';
import type { RunWindow } from './greenfield.js';
import type { Labourer } from './labourer.js';
import { InvokeAnswerLostError, withoutBlindResend } from './invoke-answer.js';
import { invokeOutputRefusal, invokeRefusalOf, type InvokeRefusal } from './invoke-refusal.js';
import { invocationPayload } from './payload.js';
import { nextTasks, type LabourerRef } from './queue.js';
import { clearRefusals, settleRefusedClaim, type RefusedClaimOutcome } from './refused-claim.js';
import { TASK_STATS } from './stat-names.js';
import type { MetaRow, TaskRow } from './types.js';
import type { RunningLedger } from './dispatch/running-ledger.js';
import { admit, lookahead } from './dispatch/admission.js';

/** A task this run has claimed: the row after the claim, and where its greenfield was before. */
export interface ClaimedTask {
  /** The task after the claim: `greenfield = window.invoked`, `attempts` one more. */
  task: TaskRow;
  /** Its greenfield before the claim: an invoke refused for now puts it back there. */
  previousGreenfield: number;
  /**
   * The greenfield that makes this attempt expired now (the claim's `window.expired`): where an invoke
   * refused too many times in a row puts it, so the scavenger retries or buries it.
   */
  expiredGreenfield: number;
}

/** What `claimAndInvoke` did. */
export interface ClaimAndInvokeResult {
  /** Tasks claimed and accepted by Lambda. */
  invoked: number;
  /** Tasks another orchestrator claimed first (`concurrent_task_invocations_skipped`). */
  skipped: number;
  /**
   * Tasks whose invoke Lambda refused (rolled back, buried, or their attempt failed: see
   * `RefusedClaimOutcome`) or whose claim failed for another reason (logged).
   */
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
   * sent, and taken out when its refused invoke left the task not running (rolled back, buried, or its
   * attempt failed). A claim whose condition failed stays in it until a consistent read settles it (see
   * `RunningLedger`): the failure may be the SDK's retry of this very claim, written the first time.
   */
  ledger?: RunningLedger | undefined;
  /**
   * Tasks of one `concurrency_key` running at once, at most (counted with `ledger`'s running tasks): a
   * look reads further down the queue, past keys at their cap (see `admit`, `lookahead`).
   */
  perKeyCap?: number | undefined;
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
    return {
      task: { ...task, ...changed },
      previousGreenfield: task.greenfield,
      expiredGreenfield: window.expired,
    };
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    ctx.stats.increment(TASK_STATS.claimSkipped);
    return undefined;
  }
}

/**
 * What became of a claimed task's invoke: Lambda took it (or may have: its answer was lost), or it refused
 * and the claim was settled by what the refusal means (`RefusedClaimOutcome`).
 */
type InvokeOutcome = 'accepted' | RefusedClaimOutcome;

/** The outcomes after which the task is not running: its claim no longer counts against the budget. */
const NOT_RUNNING: ReadonlySet<InvokeOutcome> = new Set(['rolled_back', 'buried', 'failed']);

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
  let refusal: InvokeRefusal | undefined;
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
    refusal = invokeOutputRefusal(output);
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
    refusal = invokeRefusalOf(error);
  }
  if (refusal === undefined) {
    ctx.stats.increment(TASK_STATS.invoked);
    await clearRefusals(ctx, task);
    await record(meta(ctx, task, 'invoked', { attempts: task.attempts, greenfield: task.greenfield }));
    return 'accepted';
  }
  ctx.stats.increment(TASK_STATS.invokeFailed);
  // Stamped now, so the story reads in order: the refusal, then what it led to (`archived_dead`, ...).
  const row = meta(ctx, task, 'invoke_failed', { error: refusal.reason, refusal: refusal.kind });
  const outcome = await settleRefusedClaim(ctx, claimed, refusal);
  await record({ ...row, details: { ...row.details, outcome } });
  return outcome;
}

/**
 * Invokes a claimed task: Lambda `Invoke` of `labourer.arn` (never an arn from the task), asynchronous
 * (`InvocationType: 'Event'`), with the task's payload and its fields over it (`invocationPayload`). Writes
 * an `invoked` or `invoke_failed` meta row. Returns whether Lambda accepted the invocation.
 *
 * When Lambda refuses it (an error it answered with, a `FunctionError`, a status other than 202), what
 * the refusal means for the task decides (`invokeRefusalOf`, `settleRefusedClaim`):
 * - refused for good (the payload is too large, the body cannot be parsed): the task is buried at once,
 *   with the reason in its `archived_dead` row;
 * - refused for now (throttling, 5xx, a labourer-wide problem such as a deleted function): the claim is
 *   rolled back (greenfield and attempts as before, queued again at once) and `invoke_refusals` counts it;
 *   the refusal that makes `invokeRefusalsBeforeFailure` in a row fails the attempt instead (expired now,
 *   the attempt counted), so the scavenger retries or buries the task by `max_attempts`. An accepted invoke
 *   clears the count.
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
 * The orchestrator's step for one labourer: reads up to `budget` next tasks (more with `perKeyCap`, to
 * pass over keys at their cap), then claims and invokes them, `concurrency` at a time. A task lost to another orchestrator is skipped; a refused invoke is
 * settled as `invoke` says (rolled back, buried, or its attempt failed) and counted as failed; an
 * unexpected error on one task is logged and counted as failed, and never stops the others.
 *
 * The `invoked` / `invoke_failed` meta rows are written in batches of 25 while the run goes on
 * (`MetaRowWriter`): a crash loses the rows of the last batch, never a task.
 */
export async function claimAndInvoke(
  ctx: TaskManagerContext,
  labourer: Pick<Labourer, 'id' | 'arn'>,
  window: RunWindow,
  budget: number,
  { concurrency = DEFAULT_INVOKE_CONCURRENCY, ledger, perKeyCap }: ClaimAndInvokeOptions = {},
): Promise<ClaimAndInvokeResult> {
  const result: ClaimAndInvokeResult = { invoked: 0, skipped: 0, failed: 0, queueDrained: false };
  const limit = Math.floor(budget);
  if (!(limit >= 1)) return result;
  const reading = lookahead(limit, perKeyCap);
  const queued = await nextTasks(ctx, labourer, window, reading);
  const tasks = admit(queued, {
    free: limit,
    perKeyCap,
    runningByKey: ledger?.runningByKey() ?? new Map(),
  });
  // Drained only when the read found the end of the queue and left nothing behind: tasks passed over
  // because their key is at its cap are still queued.
  result.queueDrained = queued.length < reading && tasks.length === queued.length;
  const rows = new MetaRowWriter(ctx, 'invoked');
  await mapConcurrent(tasks, concurrency, async (task) => {
    try {
      // Counted before the request leaves: from here on, the claim may land whatever happens to us.
      ledger?.add(task.task_id, window.invoked, task.concurrency_key, ctx.clock.nowMs());
      const claimed = await claim(ctx, labourer, task, window);
      if (claimed === undefined) {
        // Not invoked, but still counted: a failed condition does not prove nothing was written. When the
        // answer to the claim was lost after DynamoDB wrote it, the SDK sent it again and that retry found
        // the task claimed, by us. The next settle reads the row and frees the slot if the claim is not
        // this run's (another greenfield), or when that attempt expires.
        result.skipped += 1;
        return;
      }
      const outcome = await invokeClaimed(ctx, labourer, claimed, (row) => {
        rows.add(row);
      });
      if (outcome === 'accepted') result.invoked += 1;
      else result.failed += 1;
      // Queued again, buried, or its attempt over: it runs no more. A claim left as it was (it could not be
      // settled) stays counted until it expires.
      if (NOT_RUNNING.has(outcome)) ledger?.delete(task.task_id);
    } catch (error) {
      result.failed += 1;
      ctx.logger.error('claim failed', { task_id: task.task_id, error: describeError(error) });
    }
  });
  await rows.flush();
  return result;
}
