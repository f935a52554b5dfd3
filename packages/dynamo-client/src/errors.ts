import { SoswError } from '@sosw/core';
import { describeKey } from './describe.js';
import type { BatchWriteRequest } from './batch-write-request.js';
import type { Item, Key, Operation } from './types.js';

/** The root of every error `@sosw/dynamo-client` throws on purpose. */
export class DynamoClientError extends SoswError {}

/**
 * A request this client refuses to send because DynamoDB would reject it or it makes no sense: an empty
 * update, a condition without a test, a sort key condition with two operators. The message names the
 * attribute or option at fault.
 */
export class InvalidRequestError extends DynamoClientError {}

/** A transaction of more actions than DynamoDB accepts (100); nothing was sent. */
export class TransactionTooLargeError extends InvalidRequestError {
  constructor(
    /** How many actions the transaction had. */
    readonly actions: number,
    /** The most DynamoDB accepts in one `TransactWriteItems`. */
    readonly limit: number,
  ) {
    super(
      `a transaction may hold at most ${limit} actions, this one has ${actions}: ` +
        `split it, or write the items with batchWrite if they need not succeed or fail together`,
    );
  }
}

/**
 * A conditional put, update, patch or delete found the item not as the condition required (DynamoDB's
 * `ConditionalCheckFailedException`): `put` with `ifAbsent` found the item there, `patch` found it missing,
 * or a `condition` was false. Nothing was written.
 */
export class ConditionFailedError extends DynamoClientError {
  constructor(
    readonly operation: Operation,
    readonly table: string,
    /** The item's key, when the call knew it (a put without `ifAbsent` does not). */
    readonly key: Key | undefined,
    options?: ErrorOptions,
  ) {
    super(`${operation} on table ${table} failed its condition for key ${describeKey(key)}`, options);
  }
}

/**
 * Why DynamoDB cancelled one action of a transaction, from its `CancellationReasons` (same order as the
 * actions). `code` is DynamoDB's: `None` (this action was fine), `ConditionalCheckFailed`,
 * `TransactionConflict`, `ThrottlingError`, `ProvisionedThroughputExceeded`, `ValidationError`, ...
 */
export interface CancellationReason {
  /** The action's position in the transaction, from 0. */
  index: number;
  code: string;
  message: string | undefined;
  /** The action's kind, table and key (for a put, when `ifAbsent` named the key attribute). */
  action: 'put' | 'update' | 'patch' | 'delete' | 'conditionCheck';
  table: string;
  key: Key | undefined;
}

/**
 * DynamoDB cancelled a transaction (`TransactionCanceledException`): nothing was written. `reasons` says,
 * for each action, what went wrong; the message names the actions that failed.
 *
 * A failed condition is an answer (the data is not as expected; retrying will not help), a conflict is
 * bad luck (another request touched one of the items; retrying may work): see `conditionFailures`,
 * `hasConditionFailure` and `hasConflict`.
 */
export class TransactionCanceledError extends DynamoClientError {
  constructor(
    readonly reasons: readonly CancellationReason[],
    options?: ErrorOptions,
  ) {
    super(describeCancellation(reasons), options);
  }

  /** The actions whose condition was false. */
  get conditionFailures(): CancellationReason[] {
    return this.reasons.filter((reason) => reason.code === 'ConditionalCheckFailed');
  }

  /** Whether at least one action's condition was false. */
  get hasConditionFailure(): boolean {
    return this.conditionFailures.length > 0;
  }

  /** Whether another request was changing one of the items at the same time (worth a retry). */
  get hasConflict(): boolean {
    return this.reasons.some((reason) => reason.code === 'TransactionConflict');
  }
}

function describeCancellation(reasons: readonly CancellationReason[]): string {
  const failed = reasons.filter((reason) => reason.code !== 'None');
  if (failed.length === 0) return 'transaction cancelled; DynamoDB gave no reason for any action';
  const parts = failed.map(
    (reason) =>
      `action ${reason.index} (${reason.action} on table ${reason.table}, key ${describeKey(reason.key)}): ` +
      `${reason.code}${reason.message ? ` - ${reason.message}` : ''}`,
  );
  return `transaction cancelled, nothing written: ${parts.join('; ')}`;
}

/**
 * A batch write gave up: DynamoDB kept returning some requests as `UnprocessedItems` (usually throttling)
 * after every retry. The others were written. `unprocessed` holds what was not, ready to retry later.
 */
export class UnprocessedItemsError extends DynamoClientError {
  constructor(
    readonly unprocessed: readonly BatchWriteRequest[],
    /** How many retries each chunk was given. */
    readonly retries: number,
  ) {
    super(
      `batch write left ${unprocessed.length} item(s) unprocessed after ${retries} retries; ` +
        `the rest were written. The unprocessed requests are on this error's \`unprocessed\``,
    );
  }
}

/**
 * A batch get gave up: DynamoDB kept returning some keys as `UnprocessedKeys` after every retry.
 * `unprocessed` holds those keys; `items` what was read.
 */
export class UnprocessedKeysError extends DynamoClientError {
  constructor(
    readonly table: string,
    readonly unprocessed: readonly Key[],
    readonly items: readonly Item[],
    readonly retries: number,
  ) {
    super(
      `batch get from table ${table} left ${unprocessed.length} key(s) unread after ${retries} retries; ` +
        `the unread keys are on this error's \`unprocessed\`, the items read on \`items\``,
    );
  }
}

/**
 * Whether an error says "the data was not as the condition required": a `ConditionFailedError`, or a
 * `TransactionCanceledError` in which an action's condition was false.
 *
 * @example
 * try {
 *   await db.put(tasks, task, { ifAbsent: 'task_id' });
 * } catch (error) {
 *   if (!isConditionFailure(error)) throw error;
 *   // the task exists already: nothing to do
 * }
 */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionFailedError ||
    (error instanceof TransactionCanceledError && error.hasConditionFailure)
  );
}

/**
 * Whether a write collided with another request changing the same item at the same time: worth retrying,
 * unlike a condition failure. Either a transaction cancelled for a conflict, or a single-item write
 * (`PutItem`, `UpdateItem`, `DeleteItem`) refused with `TransactionConflictException` because a transaction
 * held its item; the SDK's retry strategy does not retry the latter.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-conflict-handling
 *
 * @example
 * if (isTransactionConflict(error)) await db.transactWrite(actions); // once more
 */
export function isTransactionConflict(error: unknown): boolean {
  if (error instanceof Error && error.name === 'TransactionConflictException') return true;
  return error instanceof TransactionCanceledError && error.hasConflict;
}
