import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { INDEXES, tableName, type TableKey } from '@sosw/tables';
import type { Construct } from 'constructs';
import { indexArn, tableArn } from './arns.js';
import type { Essential } from './naming.js';

/** The DynamoDB calls sosw makes. A transaction needs the actions of its items (`PutItem`, ...), not one of its own. */
export type DynamoAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:Query'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:ConditionCheckItem';

type IndexName = (typeof INDEXES)[keyof typeof INDEXES];

/** What one essential may do to one table: actions on the table itself, and on each of its indexes. */
export interface TableGrant {
  readonly table?: readonly DynamoAction[];
  readonly indexes?: Readonly<Partial<Record<IndexName, readonly DynamoAction[]>>>;
}

/** What one essential may do, table by table; a table not listed is not reachable at all. */
export type TableAccess = Readonly<Partial<Record<TableKey, TableGrant>>>;

// Every service reads its config rows (`sosw_essential_config`, `<function>_config`) with GetItem.
const readConfig: TableGrant = { table: ['dynamodb:GetItem'] };

/**
 * Each essential's DynamoDB access, read off the task-manager calls it makes (see each service's README).
 * `tests/table-access-calls.test.ts` runs each essential's processor on DynamoDB Local and checks that
 * every call it made is granted here.
 *
 * - orchestrator: reads the queue and the running tasks (Query on the greenfield index), re-reads the
 *   tasks it counts as running (BatchGetItem), claims and rolls back with a conditional UpdateItem, writes
 *   `invoked` meta rows (PutItem, BatchWriteItem), and takes, renews, wakes and lets go of labourers'
 *   dispatch leases (GetItem, PutItem, UpdateItem on `sosw_dispatch`: a lease let go is marked released,
 *   not deleted, so that the next holder inherits its state).
 * - scavenger: reads completed and expired tasks (greenfield index) and due retries (the retry table's
 *   local index); writes the `completed` rows completed tasks carry (BatchWriteItem), then archive,
 *   move-to-retry, bury and requeue are transactions of Put and Delete items; the dead-letter messages read
 *   the closed rows back with BatchGetItem.
 * - scheduler: reads the newest greenfield (index); creates each task in a transaction: Put the task if
 *   its id is new, ConditionCheck that the id is in neither the retry nor the closed table, Put its
 *   `created` meta row. A job with a `concurrency_key` (fair share) also reads the band's head (index),
 *   its flows' rows in `sosw_dispatch` and the tasks they name (BatchGetItem), and raises each flow's
 *   row (UpdateItem on `sosw_dispatch`).
 * - worker-assistant: reads a task (GetItem), records a completion (one UpdateItem) or a failure (UpdateItem
 *   and meta PutItem, one transaction), a rejected report (meta PutItem), and buries a task on a fatal
 *   error (Put closed, Delete task, Put meta).
 */
export const ESSENTIAL_TABLE_ACCESS: Readonly<Record<Essential, TableAccess>> = {
  orchestrator: {
    tasks: {
      table: ['dynamodb:UpdateItem', 'dynamodb:BatchGetItem'],
      indexes: { [INDEXES.greenfield]: ['dynamodb:Query'] },
    },
    meta: { table: ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'] },
    dispatch: { table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] },
    config: readConfig,
  },
  scavenger: {
    tasks: {
      table: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      indexes: { [INDEXES.greenfield]: ['dynamodb:Query'] },
    },
    closed: { table: ['dynamodb:PutItem', 'dynamodb:BatchGetItem'] },
    retry: {
      table: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      indexes: { [INDEXES.retryByLaunchTime]: ['dynamodb:Query'] },
    },
    meta: { table: ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'] },
    config: readConfig,
  },
  scheduler: {
    tasks: {
      table: ['dynamodb:PutItem', 'dynamodb:BatchGetItem'],
      indexes: { [INDEXES.greenfield]: ['dynamodb:Query'] },
    },
    closed: { table: ['dynamodb:ConditionCheckItem'] },
    retry: { table: ['dynamodb:ConditionCheckItem'] },
    meta: { table: ['dynamodb:PutItem'] },
    dispatch: { table: ['dynamodb:BatchGetItem', 'dynamodb:UpdateItem'] },
    config: readConfig,
  },
  'worker-assistant': {
    tasks: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] },
    closed: { table: ['dynamodb:PutItem'] },
    meta: { table: ['dynamodb:PutItem'] },
    config: readConfig,
  },
};

/**
 * The IAM statements for a `TableAccess` under a table prefix: one per table and one per index, each on
 * exactly that ARN (no wildcards: index ARNs are named one by one).
 *
 * @example
 * for (const statement of tableAccessStatements(stack, 'dev_', ESSENTIAL_TABLE_ACCESS.orchestrator)) {
 *   role.addToPolicy(statement);
 * }
 */
export function tableAccessStatements(
  scope: Construct,
  prefix: string,
  access: TableAccess,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  for (const [key, grant] of Object.entries(access) as [TableKey, TableGrant | undefined][]) {
    if (grant === undefined) continue;
    const name = tableName(key, prefix);
    if (grant.table !== undefined && grant.table.length > 0) {
      statements.push(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [...grant.table],
          resources: [tableArn(scope, name)],
        }),
      );
    }
    for (const [index, actions] of Object.entries(grant.indexes ?? {})) {
      if (actions.length === 0) continue;
      statements.push(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [...actions],
          resources: [indexArn(scope, name, index)],
        }),
      );
    }
  }
  return statements;
}
