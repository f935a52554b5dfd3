/**
 * An item as plain JavaScript: attribute name to value (string, number, boolean, null, `Uint8Array`, `Set`,
 * array, plain object). The document client marshalls it; `undefined` attributes are left out.
 */
export type Item = Record<string, unknown>;

/** A value DynamoDB accepts in a key attribute: string (S), number (N) or binary (B). */
export type KeyValue = string | number | Uint8Array;

/** An item's primary key: the partition key and, for tables that have one, the sort key. */
export type Key = Record<string, KeyValue>;

/**
 * Where the next page of a query starts: DynamoDB's `LastEvaluatedKey`, handed back unchanged.
 * Opaque to callers: store it, pass it back, do not build one.
 */
export type Cursor = Record<string, unknown>;

/** The DynamoDB operations this client calls, as named in the API (and in its stats counters). */
export type Operation =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'BatchGetItem'
  | 'BatchWriteItem'
  | 'TransactWriteItems';
