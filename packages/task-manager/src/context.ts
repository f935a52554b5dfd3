import type { LambdaClient } from '@aws-sdk/client-lambda';
import { nowSeconds, type Clock, type Stats } from '@sosw/core';
import type { DynamoClient } from '@sosw/dynamo-client';
import { metaRow, type MetaAuthor, type MetaTimestamps } from './meta.js';
import type { MetaAction, MetaRow, TaskManagerLogger, TaskTables } from './types.js';

/** What every operation of the task manager works with; built once by `TaskManager`. */
export interface TaskManagerContext {
  readonly db: DynamoClient;
  /** The Lambda client, made on first use when none was given. */
  readonly lambda: () => LambdaClient;
  readonly tables: TaskTables;
  readonly clock: Clock;
  readonly stats: Stats;
  readonly logger: TaskManagerLogger;
  readonly author: MetaAuthor;
  readonly stamps: MetaTimestamps;
  /** Transactions one transition or creation call keeps in flight at once. */
  readonly transactionConcurrency: number;
  /** Transient invoke refusals in a row after which a task's attempt counts as failed (`settleRefusedClaim`). */
  readonly invokeRefusalsBeforeFailure: number;
  /** Throttled reports in a row after which a throttle spends its attempt (`markThrottled`). */
  readonly throttlesBeforeAttempt: number;
}

/** Whole epoch seconds now. */
export function now(ctx: TaskManagerContext): number {
  return nowSeconds(ctx.clock);
}

/** A meta row for an event happening now. */
export function meta(
  ctx: TaskManagerContext,
  task: { task_id: string; labourer_id: string },
  action: MetaAction,
  details?: Record<string, unknown>,
): MetaRow {
  return metaRow(task, action, ctx.stamps.next(), ctx.author, details);
}

/** An error as a short string for a log line or a meta row. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
