/** Where a local endpoint says what it started: one line per endpoint. */
export type HarnessLog = (message: string) => void;

/** The default log: one line to stderr, apart from the output of whatever runs it. */
export const logToStderr: HarnessLog = (message) => {
  process.stderr.write(`[@sosw/local] ${message}\n`);
};

/** Seconds since `startedAt` (a `performance.now()`), for "up in 1.8 s". */
export function secondsSince(startedAt: number): string {
  return ((performance.now() - startedAt) / 1000).toFixed(1);
}
