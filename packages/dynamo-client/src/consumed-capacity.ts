import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';

/** Capacity units a call consumed, summed over its tables and indexes. */
export interface CapacityUnits {
  total: number;
  read: number;
  write: number;
}

/**
 * Sums the `ConsumedCapacity` of a response: one entry for single-item calls and queries, one per table
 * for batches and transactions. Missing figures count as 0 (DynamoDB gives read/write splits only
 * for some operations).
 *
 * @example
 * sumConsumedCapacity([{ TableName: 'a', CapacityUnits: 2 }, { TableName: 'b', CapacityUnits: 1.5 }]);
 * // { total: 3.5, read: 0, write: 0 }
 */
export function sumConsumedCapacity(
  consumed: ConsumedCapacity | readonly ConsumedCapacity[] | undefined,
): CapacityUnits {
  const entries: readonly ConsumedCapacity[] =
    consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
  return entries.reduce<CapacityUnits>(
    (sum, entry) => ({
      total: sum.total + (entry.CapacityUnits ?? 0),
      read: sum.read + (entry.ReadCapacityUnits ?? 0),
      write: sum.write + (entry.WriteCapacityUnits ?? 0),
    }),
    { total: 0, read: 0, write: 0 },
  );
}
