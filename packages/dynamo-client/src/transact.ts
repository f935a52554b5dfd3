import type { CancellationReason as DynamoCancellationReason } from '@aws-sdk/client-dynamodb';
import type { TransactWriteItem } from '@aws-sdk/lib-dynamodb';
import type { Condition } from './condition.js';
import { InvalidRequestError, TransactionTooLargeError, type CancellationReason } from './errors.js';
import type { UpdateSpec } from './update-expression.js';
import { deleteRequest, putRequest, updateRequest } from './write-requests.js';
import type { Item, Key } from './types.js';

/** The most actions DynamoDB takes in one `TransactWriteItems`. */
export const TRANSACTION_LIMIT = 100;

/**
 * One action of a transaction. They all succeed or none does. `put` with `ifAbsent`, `patch` (an update
 * of an item that must exist) and `condition` work as in the single-item calls; `conditionCheck` writes
 * nothing and only makes the transaction depend on another item.
 */
export type TransactAction =
  | { type: 'put'; table: string; item: Item; ifAbsent?: string; condition?: Condition }
  | { type: 'update'; table: string; key: Key; update: UpdateSpec; condition?: Condition }
  | { type: 'patch'; table: string; key: Key; update: UpdateSpec; condition?: Condition }
  | { type: 'delete'; table: string; key: Key; condition?: Condition }
  | { type: 'conditionCheck'; table: string; key: Key; condition: Condition };

/** The key an action names, for error messages: a put knows it only through `ifAbsent`. */
function actionKey(action: TransactAction): Key | undefined {
  return action.type === 'put' ? putRequest(action.table, action.item, action).key : action.key;
}

/**
 * The `TransactItems` of a transaction. Refuses more than 100 actions (`TransactionTooLargeError`) and
 * none at all, before anything is sent.
 *
 * @example
 * transactItems([
 *   { type: 'put', table: 'sosw_closed_tasks', item: task, ifAbsent: 'task_id' },
 *   { type: 'delete', table: 'sosw_tasks', key: { task_id: task.task_id }, condition: { task_id: { exists: true } } },
 * ]);
 */
export function transactItems(actions: readonly TransactAction[]): TransactWriteItem[] {
  if (actions.length > TRANSACTION_LIMIT)
    throw new TransactionTooLargeError(actions.length, TRANSACTION_LIMIT);
  if (actions.length === 0) throw new InvalidRequestError('a transaction needs at least one action');
  return actions.map((action, index): TransactWriteItem => {
    switch (action.type) {
      case 'put':
        return { Put: putRequest(action.table, action.item, action).fields };
      case 'update':
      case 'patch':
        return {
          Update: updateRequest(action.table, action.key, action.update, {
            condition: action.condition,
            mustExist: action.type === 'patch',
          }),
        };
      case 'delete':
        return { Delete: deleteRequest(action.table, action.key, action) };
      case 'conditionCheck': {
        const check = deleteRequest(action.table, action.key, action);
        if (check.ConditionExpression === undefined) {
          throw new InvalidRequestError(
            `transaction action ${index} (conditionCheck on ${action.table}) has no condition`,
          );
        }
        return { ConditionCheck: { ...check, ConditionExpression: check.ConditionExpression } };
      }
    }
  });
}

/**
 * Pairs DynamoDB's `CancellationReasons` (one per action, same order) with the actions they are about.
 *
 * @example
 * cancellationReasons(actions, error.CancellationReasons)
 *   .filter((reason) => reason.code === 'ConditionalCheckFailed')
 *   .map((reason) => reason.index); // [2]
 */
export function cancellationReasons(
  actions: readonly TransactAction[],
  reasons: readonly DynamoCancellationReason[] | undefined,
): CancellationReason[] {
  return actions.map((action, index) => {
    const reason = reasons?.[index];
    return {
      index,
      code: reason?.Code ?? 'Unknown',
      message: reason?.Message,
      action: action.type,
      table: action.table,
      key: actionKey(action),
    };
  });
}
