/**
 * The events the DynamoDB Local guard (`bin/dynamodb-local-guard.mjs`) writes to its stdout, one JSON
 * object per line. The guard is plain JavaScript, so this file and its header comment are the contract.
 */
export type GuardEvent =
  | { event: 'spawned'; pid: number }
  | { event: 'exited'; code: number | null; signal: string | null }
  | { event: 'error'; message: string };

/** What the guard is told to run: DynamoDB Local's port, on-disk directory and sharing. */
export interface GuardConfig {
  port: number;
  /** An absolute directory, or `null` for in memory. */
  dbPath: string | null;
  sharedDb: boolean;
}

/**
 * One line of the guard's stdout as an event, or `undefined` for anything else (never throws: a stray
 * line must not take the harness down).
 *
 * @example
 * ```ts
 * parseGuardEvent('{"event":"spawned","pid":42}'); // { event: 'spawned', pid: 42 }
 * parseGuardEvent('hello'); // undefined
 * ```
 */
export function parseGuardEvent(line: string): GuardEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  switch (record.event) {
    case 'spawned':
      return typeof record.pid === 'number' ? { event: 'spawned', pid: record.pid } : undefined;
    case 'exited':
      return {
        event: 'exited',
        code: typeof record.code === 'number' ? record.code : null,
        signal: typeof record.signal === 'string' ? record.signal : null,
      };
    case 'error':
      return {
        event: 'error',
        message: typeof record.message === 'string' ? record.message : 'unknown error',
      };
    default:
      return undefined;
  }
}

/** Why java ended, in words, from the guard's last event (or none). */
export function describeJavaEnd(event: GuardEvent | undefined): string {
  if (event?.event === 'error')
    return `could not run java (${event.message}); install Java 17+ or set JAVA_HOME`;
  if (event?.event === 'exited') {
    return event.signal === null
      ? `java exited with code ${event.code ?? 'unknown'}`
      : `java was killed by ${event.signal}`;
  }
  return 'the guard process exited before java reported';
}
