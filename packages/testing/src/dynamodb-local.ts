import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startDynamoDbLocal as startEnvOrJvm } from '@sosw/local';
import { containerRuntimeAnswers, DYNAMODB_LOCAL_IMAGE, startContainerDynamoDbLocal } from './container.js';
import { logToStderr, secondsSince } from './log.js';
import type { DynamoDbLocal, DynamoDbLocalOptions } from './types.js';

const DEFAULT_START_TIMEOUT_MS = 60_000;

/**
 * A DynamoDB Local endpoint, from the first of:
 * 1. `AWS_ENDPOINT_URL_DYNAMODB`, if set: used as it is (after it answers), never stopped by us;
 * 2. a container (`amazon/dynamodb-local`) through testcontainers, if a container runtime answers
 *    (skipped with `preferJvm`);
 * 3. the DynamoDB Local jar on java, through a guard process that stops java when this process ends in
 *    any way, SIGKILL included (`@sosw/local`'s `startDynamoDbLocal`, which also does step 1).
 *
 * It waits until the endpoint answers a `ListTables` call, and says in one line (to stderr by default)
 * which one it used. A failure throws `EndpointStartError`, and leaves nothing running.
 *
 * @example
 * ```ts
 * const local = await startDynamoDbLocal({ preferJvm: true });
 * process.env.AWS_ENDPOINT_URL_DYNAMODB = local.endpoint;
 * // ...
 * await local.stop();
 * ```
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const { preferJvm, ...rest } = options;
  const given = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const useContainer =
    (given === undefined || given === '') && preferJvm !== true && (await containerRuntimeAnswers());
  if (!useContainer) return startEnvOrJvm({ log: logToStderr, ...rest });

  const log = options.log ?? logToStderr;
  const startedAt = performance.now();
  const dbPath = options.dbPath === undefined ? null : resolve(options.dbPath);
  if (dbPath !== null) await mkdir(dbPath, { recursive: true });
  const container = await startContainerDynamoDbLocal({
    port: options.port,
    dbPath,
    sharedDb: options.sharedDb ?? true,
    startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
  });
  log(
    `DynamoDB Local: container ${DYNAMODB_LOCAL_IMAGE} at ${container.endpoint}, up in ${secondsSince(startedAt)} s`,
  );
  return { ...container, source: 'container', pid: undefined };
}
