import { setTimeout as sleep } from 'node:timers/promises';
import { TRANSACTION_LIMIT, TransactionCanceledError, type TransactAction } from '@sosw/dynamo-client';
import { mapConcurrent } from '@sosw/core';
import { describeError, type TaskManagerContext } from './context.js';
import { TASK_STATS } from './stat-names.js';
import type { TransitionResult } from './types.js';

/**
 * What one transaction may hold. DynamoDB allows 100 actions and 4 MB per `TransactWriteItems`; the size
 * budget stays under that because `estimateBytes` is an estimate.
 */
export interface TransactionLimits {
  maxActions: number;
  maxBytes: number;
}

export const DEFAULT_TRANSACTION_LIMITS: TransactionLimits = {
  maxActions: TRANSACTION_LIMIT,
  maxBytes: 3_000_000,
};

/** Attempts a group gets when DynamoDB cancels it for a conflict with another writer or for throttling. */
export const MAX_CONFLICT_RETRIES = 6;

/** Transactions of one transition call in flight at once, unless the task manager is given another number. */
export const TRANSACTION_CONCURRENCY = 8;

/** The reasons a cancelled transaction is worth sending again, as is. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

/** One task's part of a transition: its actions, all or none of which must happen. */
export interface TransitionItem {
  taskId: string;
  actions: readonly TransactAction[];
}

/**
 * About how many bytes an action adds to a transaction: the length of its JSON. Attribute names and
 * values count in DynamoDB much as they do in JSON, so this is close enough to stay within a budget set
 * well below the 4 MB limit.
 */
export function estimateBytes(action: TransactAction): number {
  return Buffer.byteLength(JSON.stringify(action));
}

/**
 * Packs items into transactions, in order: as many items per transaction as fit in `maxActions` actions
 * and `maxBytes` (estimated); an item is never split. An item too large to share a transaction goes
 * alone.
 *
 * @example
 * // 40 tasks of 3 actions each: 33 + 7
 * groupItems(items, DEFAULT_TRANSACTION_LIMITS).map((group) => group.length); // [33, 7]
 */
export function groupItems<T extends { actions: readonly TransactAction[] }>(
  items: readonly T[],
  limits: TransactionLimits = DEFAULT_TRANSACTION_LIMITS,
  sizeOf: (action: TransactAction) => number = estimateBytes,
): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let actions = 0;
  let bytes = 0;
  for (const item of items) {
    const itemBytes = item.actions.reduce((sum, action) => sum + sizeOf(action), 0);
    const fits = actions + item.actions.length <= limits.maxActions && bytes + itemBytes <= limits.maxBytes;
    if (!fits && current.length > 0) {
      groups.push(current);
      current = [];
      actions = 0;
      bytes = 0;
    }
    current.push(item);
    actions += item.actions.length;
    bytes += itemBytes;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** What DynamoDB said about each item of a cancelled transaction. */
export type ItemVerdict = 'condition_failed' | 'retry' | 'ok' | 'refused';

/**
 * Each item's verdict from a cancelled transaction's reasons (one per action, in order): a failed
 * condition on any of its actions drops it (`condition_failed`); a conflict or throttling makes it worth
 * sending again (`retry`); any other code (`ValidationError`, ...) means DynamoDB will never take it
 * (`refused`); all `None` means it was fine (`ok`) and only cancelled because of the others.
 *
 * @example
 * itemVerdicts([{ actions: [a, b] }, { actions: [c, d] }], ['None', 'None', 'ConditionalCheckFailed', 'None']);
 * // ['ok', 'condition_failed']
 */
export function itemVerdicts(
  items: readonly { actions: readonly TransactAction[] }[],
  codes: readonly string[],
): ItemVerdict[] {
  let index = 0;
  return items.map((item) => {
    const own = codes.slice(index, index + item.actions.length);
    index += item.actions.length;
    if (own.includes('ConditionalCheckFailed')) return 'condition_failed';
    if (own.some((code) => code !== 'None' && !RETRYABLE_CODES.has(code))) return 'refused';
    if (own.some((code) => RETRYABLE_CODES.has(code))) return 'retry';
    return 'ok';
  });
}

/** A short random pause before a conflicted transaction goes again (full jitter, capped at 1 s). */
function conflictDelayMs(retry: number): number {
  return Math.random() * Math.min(1000, 25 * 2 ** retry);
}

/**
 * Runs a transition: each item's actions all or nothing, several items per transaction
 * (`groupItems`), a few transactions at a time. When DynamoDB cancels a transaction, the items whose
 * condition failed are dropped as `skipped`, the ones it refuses as `failed` (logged), and the rest are
 * sent again, after a short pause when the cause was a conflict or throttling. An error other than a
 * cancellation fails that group's items (logged); when nothing at all succeeded it is thrown, so a
 * wrong table name or a missing permission is not mistaken for a quiet run.
 *
 * @param what - the transition, for log lines (`archive`)
 */
export async function runTransition(
  ctx: TaskManagerContext,
  items: readonly TransitionItem[],
  what: string,
  limits: TransactionLimits = DEFAULT_TRANSACTION_LIMITS,
): Promise<TransitionResult> {
  const result: TransitionResult = { done: [], skipped: [], failed: [] };
  const errors: unknown[] = [];

  const runGroup = async (group: readonly TransitionItem[]): Promise<void> => {
    let pending = group;
    let retries = 0;
    while (pending.length > 0) {
      try {
        await ctx.db.transactWrite(pending.flatMap((item) => item.actions));
        result.done.push(...pending.map((item) => item.taskId));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledError)) {
          errors.push(error);
          result.failed.push(...pending.map((item) => item.taskId));
          ctx.logger.error(`${what}: transaction failed`, {
            task_ids: pending.map((item) => item.taskId),
            error: describeError(error),
          });
          return;
        }
        const verdicts = itemVerdicts(
          pending,
          error.reasons.map((reason) => reason.code),
        );
        const next: TransitionItem[] = [];
        pending.forEach((item, index) => {
          const verdict = verdicts[index];
          if (verdict === 'condition_failed') result.skipped.push(item.taskId);
          else if (verdict === 'refused') {
            result.failed.push(item.taskId);
            ctx.logger.error(`${what}: DynamoDB refused the task`, {
              task_id: item.taskId,
              error: error.message,
            });
          } else next.push(item);
        });
        const mustWait = verdicts.includes('retry');
        const progressed = next.length < pending.length;
        if (!mustWait && !progressed) {
          // Cancelled without a reason that names an item: sending it again would loop forever.
          result.failed.push(...next.map((item) => item.taskId));
          ctx.logger.error(`${what}: transaction cancelled for no reason given per action`, {
            task_ids: next.map((item) => item.taskId),
            error: error.message,
          });
          return;
        }
        if (mustWait) {
          if (retries >= MAX_CONFLICT_RETRIES) {
            result.failed.push(...next.map((item) => item.taskId));
            ctx.logger.warn(`${what}: still conflicting after ${retries} retries; left for the next run`, {
              task_ids: next.map((item) => item.taskId),
            });
            return;
          }
          ctx.stats.increment(TASK_STATS.transactionConflictRetries);
          await sleep(conflictDelayMs(retries));
          retries += 1;
        }
        pending = next;
      }
    }
  };

  // One transaction may not touch an item twice (DynamoDB refuses the whole request): a task given twice
  // is moved once and its repeat skipped.
  const seen = new Set<string>();
  const unique = items.filter((item) => {
    const first = !seen.has(item.taskId);
    if (!first) result.skipped.push(item.taskId);
    seen.add(item.taskId);
    return first;
  });
  await mapConcurrent(groupItems(unique, limits), ctx.transactionConcurrency, runGroup);
  if (errors.length > 0 && result.done.length === 0 && result.skipped.length === 0) throw errors[0];
  if (result.failed.length > 0) ctx.stats.increment(TASK_STATS.transitionFailed, result.failed.length);
  return result;
}

/**
 * Sends one transaction, again after a short pause when DynamoDB cancels it for a conflict or
 * throttling. Returns `'condition_failed'` when a condition of an action was false (nothing written);
 * any other error is thrown.
 */
export async function transactOnce(
  ctx: TaskManagerContext,
  actions: readonly TransactAction[],
): Promise<'done' | 'condition_failed'> {
  for (let retry = 0; ; retry++) {
    try {
      await ctx.db.transactWrite(actions);
      return 'done';
    } catch (error) {
      if (!(error instanceof TransactionCanceledError)) throw error;
      if (error.hasConditionFailure) return 'condition_failed';
      const retryable = error.reasons.some((reason) => RETRYABLE_CODES.has(reason.code));
      if (!retryable || retry >= MAX_CONFLICT_RETRIES) throw error;
      ctx.stats.increment(TASK_STATS.transactionConflictRetries);
      await sleep(conflictDelayMs(retry));
    }
  }
}
