/** Small, exact helpers for benchmark figures: no statistics library needed for medians and rates. */

/** Runs `work` and gives its result with the wall-clock milliseconds it took. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

/**
 * Runs `work` and gives its result, the wall-clock milliseconds it took, and the CPU this process spent
 * meanwhile as a percentage of one core (100: one core kept busy all along).
 */
export async function timedWithCpu<T>(
  work: () => Promise<T>,
): Promise<{ result: T; ms: number; cpuPercent: number }> {
  const before = process.cpuUsage();
  const { result, ms } = await timed(work);
  const cpu = process.cpuUsage(before);
  return { result, ms, cpuPercent: ((cpu.user + cpu.system) / 1000 / ms) * 100 };
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Items per second. */
export function perSecond(items: number, ms: number): number {
  return ms === 0 ? Number.POSITIVE_INFINITY : (items * 1000) / ms;
}

/** Runs `work(i)` for i in [0, count) with at most `inFlight` at once. */
export async function inParallel(
  count: number,
  inFlight: number,
  work: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
}
