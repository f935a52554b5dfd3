/**
 * Maps `items` through `work`, at most `limit` at a time, and returns the results in the order of the
 * items. After the first failure no new item is started; the ones under way finish, then that failure
 * is thrown (a wrong table name fails once, not once per chunk).
 *
 * @example
 * const pages = await mapConcurrent(chunks, 4, (chunk) => send(chunk));
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { reason: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (reason) {
        failure ??= { reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.reason;
  return results;
}
