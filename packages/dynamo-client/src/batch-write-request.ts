import type { Item, Key } from './types.js';

/** One write of a batch: put an item into a table, or delete the item with a key. */
export type BatchWriteRequest = { table: string; put: Item } | { table: string; delete: Key };

/** The most writes DynamoDB takes in one `BatchWriteItem`. */
export const BATCH_WRITE_LIMIT = 25;

/** The most keys DynamoDB takes in one `BatchGetItem`. */
export const BATCH_GET_LIMIT = 100;
