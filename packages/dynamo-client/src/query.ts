import { conditionExpression, type Condition } from './condition.js';
import { InvalidRequestError } from './errors.js';
import {
  keyConditionExpression,
  type PartitionKeyCondition,
  type SortKeyCondition,
} from './key-condition.js';
import { Placeholders } from './placeholders.js';
import type { Cursor, Item } from './types.js';

/** What a query reads: the items of one partition, optionally narrowed by sort key and a filter. */
export interface Query {
  /** The partition key attribute (of the table, or of `index`) and its value. */
  partitionKey: PartitionKeyCondition;
  /** One test on the sort key. */
  sortKey?: SortKeyCondition;
  /** A secondary index to query instead of the table. */
  index?: string;
  /**
   * Tests on other attributes, applied after the key condition: filtered-out items are still read (and
   * paid for) and count against `Limit`.
   */
  filter?: Condition;
  /** Newest (highest sort key) first. Default: ascending. */
  descending?: boolean;
  /** Strongly consistent read (tables and local indexes only; DynamoDB refuses it on a GSI). */
  consistent?: boolean;
}

/** A query of all pages. */
export interface QueryAllOptions extends Query {
  /** Stop after this many items in all (the first ones in sort key order). Default: every item. */
  limit?: number;
  /** Items DynamoDB evaluates per request (its `Limit`). Default: as many as fit in 1 MB. */
  pageSize?: number;
}

/** A query of one page. */
export interface QueryPageOptions extends Query {
  /** Items DynamoDB evaluates for this page (its `Limit`). */
  limit?: number;
  /** Where to start: the `cursor` of the previous page. */
  cursor?: Cursor;
}

/** A counting query. */
export interface CountOptions extends Query {
  /** Items DynamoDB evaluates per request (its `Limit`). Default: as many as fit in 1 MB. */
  pageSize?: number;
}

/** One page of a query: its items and, when there may be more, where the next page starts. */
export interface QueryPage<T> {
  items: T[];
  /** Pass to the next `queryPage` as `cursor`; `undefined` on the last page. */
  cursor: Cursor | undefined;
}

/** The `Query` request fields of a query (without paging). */
export interface QueryFields {
  TableName: string;
  IndexName?: string;
  KeyConditionExpression: string;
  FilterExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  ScanIndexForward?: boolean;
  ConsistentRead?: boolean;
}

/** Checks a limit or page size is a positive integer, naming the option otherwise. */
export function positiveInteger(option: string, value: number | undefined): number | undefined {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new InvalidRequestError(`query option "${option}" must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * A query's request fields: the key condition and filter as placeholders, the index, the order.
 *
 * @example
 * queryFields('sosw_tasks', {
 *   index: 'sosw_tasks_greenfield',
 *   partitionKey: { name: 'labourer_id', value: 'l1' },
 *   sortKey: { name: 'greenfield', lt: 100 },
 * }).KeyConditionExpression; // '#n0 = :v0 AND #n1 < :v1'
 */
export function queryFields(table: string, query: Query): QueryFields {
  const placeholders = new Placeholders();
  const KeyConditionExpression = keyConditionExpression(query.partitionKey, query.sortKey, placeholders);
  const FilterExpression = conditionExpression([query.filter], placeholders);
  return {
    TableName: table,
    ...(query.index !== undefined && { IndexName: query.index }),
    KeyConditionExpression,
    ...(FilterExpression !== undefined && { FilterExpression }),
    ...placeholders.attributes(),
    ...(query.descending === true && { ScanIndexForward: false }),
    ...(query.consistent !== undefined && { ConsistentRead: query.consistent }),
  };
}

/** Items as a caller's type: DynamoDB gave plain objects, the caller knows their shape. */
export function asItems<T>(items: readonly Item[] | undefined): T[] {
  return (items ?? []) as T[];
}
