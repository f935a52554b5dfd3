import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The sosw tables, keyed by the name sosw's config uses for them. Keys, indexes and attribute names are
 * those of Python sosw, so Python and TypeScript essentials and workers can share one set of tables.
 * `dispatch` is ours (additive: Python sosw never reads it): one row per labourer, the lease that lets
 * one orchestrator at a time dispatch that labourer's tasks.
 */
export const TABLE_KEYS = ['tasks', 'closed', 'retry', 'meta', 'config', 'dispatch'] as const;
export type TableKey = (typeof TABLE_KEYS)[number];

/** A table as sosw needs it: everything `CreateTable` needs but the name prefix and the billing mode. */
export type TableDefinition = Required<
  Pick<CreateTableCommandInput, 'TableName' | 'KeySchema' | 'AttributeDefinitions'>
> &
  Pick<CreateTableCommandInput, 'GlobalSecondaryIndexes' | 'LocalSecondaryIndexes'>;

/** Index names, for queries. */
export const INDEXES = {
  /** tasks: `labourer_id` + `greenfield`; the queue, the running and the expired of a labourer. */
  greenfield: 'sosw_tasks_greenfield',
  /** closed: `labourer_id_task_status` (`<labourer>_1` completed, `<labourer>_0` dead) + `closed_at`. */
  closedByStatus: 'labourer_task_status_with_time',
  /** retry (a local index): `labourer_id` + `desired_launch_time`. */
  retryByLaunchTime: 'labourer_id_greenfield',
} as const;

export const TABLES: Readonly<Record<TableKey, TableDefinition>> = {
  tasks: {
    TableName: 'sosw_tasks',
    AttributeDefinitions: [
      { AttributeName: 'task_id', AttributeType: 'S' },
      { AttributeName: 'labourer_id', AttributeType: 'S' },
      { AttributeName: 'greenfield', AttributeType: 'N' },
    ],
    KeySchema: [{ AttributeName: 'task_id', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: INDEXES.greenfield,
        KeySchema: [
          { AttributeName: 'labourer_id', KeyType: 'HASH' },
          { AttributeName: 'greenfield', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  },
  closed: {
    TableName: 'sosw_closed_tasks',
    AttributeDefinitions: [
      { AttributeName: 'task_id', AttributeType: 'S' },
      { AttributeName: 'labourer_id_task_status', AttributeType: 'S' },
      { AttributeName: 'closed_at', AttributeType: 'N' },
    ],
    KeySchema: [{ AttributeName: 'task_id', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: INDEXES.closedByStatus,
        KeySchema: [
          { AttributeName: 'labourer_id_task_status', KeyType: 'HASH' },
          { AttributeName: 'closed_at', KeyType: 'RANGE' },
        ],
        // As in sosw: enough to compute a labourer's average duration from the index alone.
        Projection: {
          ProjectionType: 'INCLUDE',
          NonKeyAttributes: ['completed_at', 'greenfield', 'attempts'],
        },
      },
    ],
  },
  retry: {
    TableName: 'sosw_retry_tasks',
    AttributeDefinitions: [
      { AttributeName: 'labourer_id', AttributeType: 'S' },
      { AttributeName: 'task_id', AttributeType: 'S' },
      { AttributeName: 'desired_launch_time', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'labourer_id', KeyType: 'HASH' },
      { AttributeName: 'task_id', KeyType: 'RANGE' },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: INDEXES.retryByLaunchTime,
        KeySchema: [
          { AttributeName: 'labourer_id', KeyType: 'HASH' },
          { AttributeName: 'desired_launch_time', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  },
  meta: {
    TableName: 'sosw_tasks_meta',
    AttributeDefinitions: [
      { AttributeName: 'task_id', AttributeType: 'S' },
      { AttributeName: 'created_at', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'task_id', KeyType: 'HASH' },
      { AttributeName: 'created_at', KeyType: 'RANGE' },
    ],
  },
  dispatch: {
    TableName: 'sosw_dispatch',
    // `scope` is `labourer#<labourer id>`: room for other scopes (a shared resource) beside labourers.
    AttributeDefinitions: [{ AttributeName: 'scope', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'scope', KeyType: 'HASH' }],
  },
  config: {
    TableName: 'config',
    AttributeDefinitions: [
      { AttributeName: 'env', AttributeType: 'S' },
      { AttributeName: 'config_name', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'env', KeyType: 'HASH' },
      { AttributeName: 'config_name', KeyType: 'RANGE' },
    ],
  },
};
