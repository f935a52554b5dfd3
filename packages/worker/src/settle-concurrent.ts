/**
 * Runs `work` on every item, at most `limit` at a time, and settles each one on its own, like
 * `Promise.allSettled`: one item's failure never stops the others. Results are in the order of the items.
 *
 * @example
 * const settled = await settleConcurrent(records, 5, (record) => handle(record));
 * settled.filter((result) => result.status === 'rejected').length; // how many failed
 */
export async function settleConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await work(items[index] as T, index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
