/**
 * Splits a list into consecutive chunks of at most `size` items, in order: 60 items by 25 give
 * 25, 25, 10. DynamoDB takes at most 25 writes per `BatchWriteItem` and 100 keys per `BatchGetItem`.
 *
 * @example
 * chunk([1, 2, 3, 4, 5], 2); // [[1, 2], [3, 4], [5]]
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
