import type { Operation } from './types.js';

/**
 * The names of the counters a `DynamoClient` keeps in its `Stats`, in sosw's snake_case. Calls are
 * counted per request sent (each page of a query, each chunk and each retry of a batch).
 */
export const STAT_NAMES = {
  /** Capacity units consumed, all operations. */
  consumedCapacity: 'dynamodb_consumed_capacity_units',
  /** Read capacity units, where DynamoDB reports them apart. */
  consumedRead: 'dynamodb_consumed_read_capacity_units',
  /** Write capacity units, where DynamoDB reports them apart. */
  consumedWrite: 'dynamodb_consumed_write_capacity_units',
  /** Batch requests resent because DynamoDB left items or keys unprocessed. */
  unprocessedRetries: 'dynamodb_unprocessed_retries',
} as const;

/**
 * The counter of calls to one operation: `GetItem` -> `dynamodb_get_item_calls`.
 *
 * @example
 * db.stats.current()[callsStat('BatchWriteItem')]; // how many BatchWriteItem requests so far
 */
export function callsStat(operation: Operation): string {
  return `dynamodb_${operation.replace(/(?<!^)([A-Z])/g, '_$1').toLowerCase()}_calls`;
}
