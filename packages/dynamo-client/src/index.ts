export {
  DynamoClient,
  DEFAULT_BATCH_CONCURRENCY,
  DEFAULT_MAX_ATTEMPTS,
  type DynamoClientOptions,
  type ReadOptions,
  type TransactOptions,
} from './dynamo-client.js';
export type { Condition, Comparison } from './condition.js';
export type { UpdateSpec } from './update-expression.js';
export type { PartitionKeyCondition, SortKeyCondition } from './key-condition.js';
export type { Query, QueryAllOptions, QueryPageOptions, CountOptions, QueryPage } from './query.js';
export type { PutOptions, ConditionalOptions, UpdateOptions } from './write-requests.js';
export { TRANSACTION_LIMIT, type TransactAction } from './transact.js';
export { BATCH_GET_LIMIT, BATCH_WRITE_LIMIT, type BatchWriteRequest } from './batch-write-request.js';
export { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.js';
export { callsStat, STAT_NAMES } from './stat-names.js';
export {
  ConditionFailedError,
  DynamoClientError,
  InvalidRequestError,
  isConditionFailure,
  isTransactionConflict,
  TransactionCanceledError,
  TransactionTooLargeError,
  UnprocessedItemsError,
  UnprocessedKeysError,
  type CancellationReason,
} from './errors.js';
export type { Cursor, Item, Key, KeyValue, Operation } from './types.js';
