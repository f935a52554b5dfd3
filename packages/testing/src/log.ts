import type { HarnessLog } from '@sosw/local';

/** The default log: one line to stderr, so it shows in a test run without touching test output. */
export const logToStderr: HarnessLog = (message) => {
  process.stderr.write(`[@sosw/testing] ${message}\n`);
};

/** Seconds since `startedAt` (a `performance.now()`), for "up in 1.8 s". */
export function secondsSince(startedAt: number): string {
  return ((performance.now() - startedAt) / 1000).toFixed(1);
}
