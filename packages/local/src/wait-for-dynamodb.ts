import { DynamoDBClient, DynamoDBServiceException, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { setTimeout as delay } from 'node:timers/promises';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './credentials.js';

/** Whether the endpoint answered, and if not, the last error of the last try. */
export type WaitResult = { answered: true } | { answered: false; lastError: unknown };

const FIRST_PAUSE_MS = 50;
const LONGEST_PAUSE_MS = 500;

/**
 * Calls `ListTables` on `endpoint` until it answers, the time is up, or `signal` aborts. Any HTTP answer
 * of the DynamoDB API counts (an endpoint that rejects our key is up, and says so better than a timeout).
 *
 * @example
 * ```ts
 * const result = await waitForDynamoDb('http://127.0.0.1:8000', { timeoutMs: 10_000 });
 * if (!result.answered) console.error(result.lastError);
 * ```
 */
export async function waitForDynamoDb(
  endpoint: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<WaitResult> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    // A JVM that is still starting may accept a connection and not answer: give up on that try and ask again.
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
  });
  const deadline = performance.now() + options.timeoutMs;
  let lastError: unknown;
  try {
    for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
      if (options.signal?.aborted) return { answered: false, lastError: options.signal.reason };
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: options.signal });
        return { answered: true };
      } catch (error) {
        if (error instanceof DynamoDBServiceException && error.$metadata.httpStatusCode !== undefined) {
          return { answered: true };
        }
        lastError = error;
      }
      if (performance.now() + pause > deadline) return { answered: false, lastError };
      try {
        await delay(pause, undefined, { signal: options.signal });
      } catch {
        return { answered: false, lastError: options.signal?.reason };
      }
    }
  } finally {
    client.destroy();
  }
}
