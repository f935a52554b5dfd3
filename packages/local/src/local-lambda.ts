import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { EndpointStartError } from './errors.js';
import { FaultPlan } from './local-lambda-faults.js';
import { functionConfiguration } from './local-lambda-configuration.js';
import { DeployedFunction } from './local-lambda-function.js';
import { localFunctionArn, parseFunctionName } from './local-lambda-function-name.js';
import { readBody, send } from './local-lambda-http.js';
import { startInvocation, type Outcome, type RunningInvocation } from './local-lambda-invocation.js';
import { ASYNC_PAYLOAD_LIMIT_BYTES, SYNC_PAYLOAD_LIMIT_BYTES } from './local-lambda-limits.js';
import { awsError, type Reply } from './local-lambda-replies.js';
import { matchRoute } from './local-lambda-routes.js';
import type {
  FaultKind,
  InjectedFault,
  InvocationRecord,
  InvocationType,
  LocalFunction,
  LocalLambda,
  LocalLambdaOptions,
} from './local-lambda-types.js';
import { logToStderr, secondsSince } from './log.js';

const DEFAULT_STOP_TIMEOUT_MS = 5_000;
const INVOCATION_TYPES = ['RequestResponse', 'Event', 'DryRun'] as const;

/** How long an idle kept-alive connection stays open (Node's default is 5 s). */
export const IDLE_CONNECTION_MS = 120_000;

/**
 * A local AWS Lambda endpoint (API 2015-03-31) on 127.0.0.1 that the real `@aws-sdk/client-lambda`
 * reaches through `AWS_ENDPOINT_URL_LAMBDA` (or its `endpoint` option). It serves `Invoke`
 * (`RequestResponse`, `Event` on a queue per function bounded by its concurrency, `DryRun`) and
 * `GetFunctionConfiguration`, runs handlers in this process with a Lambda-like `context` and timeout,
 * keeps a log of every invocation, answers errors in the shapes Lambda uses (so the SDK throws
 * `ResourceNotFoundException`, `TooManyRequestsException`, ...), and can inject faults for chaos tests.
 * Async invocations that fail are recorded (and logged), never retried: sosw owns retries.
 *
 * @example
 * ```ts
 * const lambda = await startLocalLambda({
 *   functions: { echo: { handler: (event) => event, timeoutSeconds: 10 } },
 * });
 * process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
 * const client = new LambdaClient({});
 * await client.send(new InvokeCommand({ FunctionName: 'echo', Payload: '{"a":1}' }));
 * await lambda.idle();
 * await lambda.stop();
 * ```
 */
export async function startLocalLambda(options: LocalLambdaOptions = {}): Promise<LocalLambda> {
  const startedAt = performance.now();
  const log = options.log ?? logToStderr;
  const stopTimeoutMs = options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;

  const functions = new Map<string, DeployedFunction>();
  // Replaced functions included: their queues still drain, and stop() must empty them too.
  const deployed = new Set<DeployedFunction>();
  const register = (name: string, fn: LocalFunction) => {
    const deployment = new DeployedFunction(name, fn);
    functions.set(name, deployment);
    deployed.add(deployment);
  };
  for (const [name, fn] of Object.entries(options.functions ?? {})) register(name, fn);

  let faults = options.faults === undefined ? undefined : new FaultPlan(options.faults);
  const invocations: InvocationRecord[] = [];
  const injectedFaults: InjectedFault[] = [];
  const running = new Set<RunningInvocation>();
  const handlersRunning = new Set<Promise<void>>();
  const hangs = new Set<() => void>();
  let stopped = false;

  // Accepted invocations not yet over (queued or running), and who waits for there to be none.
  let pending = 0;
  let idleWaiters: (() => void)[] = [];
  const accept = (record: InvocationRecord) => {
    invocations.push(record);
    pending += 1;
  };
  const settle = () => {
    pending -= 1;
    if (pending > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const run = (fn: DeployedFunction, record: InvocationRecord, event: unknown, clientContext: unknown) => {
    const invocation = startInvocation(fn, record, event, clientContext);
    running.add(invocation);
    handlersRunning.add(invocation.handlerDone);
    void invocation.handlerDone.then(() => handlersRunning.delete(invocation.handlerDone));
    return invocation.outcome.then((outcome) => {
      running.delete(invocation);
      fn.release();
      settle();
      return outcome;
    });
  };

  const invokeAsync = (fn: DeployedFunction, record: InvocationRecord, event: unknown) => {
    accept(record);
    fn.enqueue({
      start: () => {
        void run(fn, record, event, undefined).then((outcome) => {
          if (outcome.status === 'failed' || outcome.status === 'timed-out') {
            log(
              `Local Lambda: async invocation ${record.requestId} of ${fn.name} ${outcome.status}: ` +
                `${outcome.error.errorType}: ${outcome.error.errorMessage}`,
            );
          }
        });
      },
      abandon: () => {
        record.status = 'abandoned';
        record.finishedAt = Date.now();
        settle();
      },
    });
  };

  const injectFault = async (
    kind: Exclude<FaultKind, 'lost-answer'>,
    name: string,
    plan: FaultPlan,
    response: ServerResponse,
  ): Promise<Reply | undefined> => {
    injectedFaults.push({ name, kind, at: Date.now() });
    switch (kind) {
      case 'throttle':
        return awsError(429, 'TooManyRequestsException', 'Rate Exceeded.', {
          headers: { 'retry-after': '1' },
          extra: { Reason: 'CallerRateLimitExceeded' },
        });
      case 'error':
        return awsError(500, 'ServiceException', 'Injected fault: the Lambda service failed', {
          type: 'Service',
        });
      case 'timeout':
        // Hold the response until the client gives up, the bound passes, or the endpoint stops; then drop
        // the connection without an answer, as a request lost in the network would be.
        await new Promise<void>((resolve) => {
          const release = () => {
            clearTimeout(timer);
            response.off('close', release);
            hangs.delete(release);
            resolve();
          };
          const timer = setTimeout(release, plan.hangMs);
          response.on('close', release);
          hangs.add(release);
        });
        response.destroy();
        return undefined;
    }
  };

  const invoke = async (
    request: IncomingMessage,
    response: ServerResponse,
    functionName: string,
    qualifier: string | undefined,
    requestId: string,
  ): Promise<Reply | undefined> => {
    const found = findFunction(functions, functionName, qualifier);
    if (!(found instanceof DeployedFunction)) return found;
    const fn = found;

    const typeHeader = request.headers['x-amz-invocation-type'] ?? 'RequestResponse';
    const invocationType = INVOCATION_TYPES.find((type) => type === typeHeader);
    if (invocationType === undefined) {
      return awsError(
        400,
        'InvalidParameterValueException',
        `X-Amz-Invocation-Type must be one of ${INVOCATION_TYPES.join(', ')}, got '${String(typeHeader)}'`,
      );
    }

    const limit = invocationType === 'Event' ? ASYNC_PAYLOAD_LIMIT_BYTES : SYNC_PAYLOAD_LIMIT_BYTES;
    const body = await readBody(request, limit);
    if (body.bytes === undefined) {
      // What Lambda answers, although the API reference names the error RequestTooLargeException.
      return awsError(
        413,
        'RequestEntityTooLargeException',
        `Request must be smaller than ${limit} bytes for the ${invocationType} invocation of ${fn.name} ` +
          `(it has ${body.length} bytes)`,
      );
    }
    const event = parsePayload(body.bytes);
    if (event instanceof Error) {
      return awsError(
        400,
        'InvalidRequestContentException',
        `Could not parse request body into json: ${event.message}`,
      );
    }
    const clientContext = parseClientContext(request.headers['x-amz-client-context']);
    if (clientContext instanceof Error) {
      return awsError(
        400,
        'InvalidParameterValueException',
        `X-Amz-Client-Context: ${clientContext.message}`,
      );
    }

    const plan = faults;
    const fault = plan?.next(fn.name);
    if (plan !== undefined && fault !== undefined && fault !== 'lost-answer') {
      return injectFault(fault, fn.name, plan, response);
    }
    if (fault === 'lost-answer') {
      // Taken and run as any other; only the answer never reaches the client.
      injectedFaults.push({ name: fn.name, kind: fault, at: Date.now() });
      await take(fn, invocationType, body.bytes, event, clientContext, requestId);
      response.destroy();
      return undefined;
    }
    return take(fn, invocationType, body.bytes, event, clientContext, requestId);
  };

  /** Runs an invocation Lambda has accepted (or answers why it cannot), as Lambda would. */
  const take = async (
    fn: DeployedFunction,
    invocationType: (typeof INVOCATION_TYPES)[number],
    bytes: Buffer,
    event: unknown,
    clientContext: unknown,
    requestId: string,
  ): Promise<Reply> => {
    if (invocationType === 'DryRun') return { status: 204, headers: {}, body: '' };
    const record = newRecord(fn.name, requestId, invocationType, bytes);
    if (invocationType === 'Event') {
      invokeAsync(fn, record, event);
      return { status: 202, headers: {}, body: '' };
    }
    if (!fn.tryAcquire()) {
      return awsError(429, 'TooManyRequestsException', 'Rate Exceeded.', {
        extra: { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
      });
    }
    accept(record);
    return syncReply(await run(fn, record, event, clientContext));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse, requestId: string) => {
    if (stopped) {
      request.resume();
      return awsError(500, 'ServiceException', 'The local Lambda endpoint is stopping', { type: 'Service' });
    }
    const route = matchRoute(request.method, request.url);
    switch (route.operation) {
      case 'Invoke':
        return invoke(request, response, route.functionName, route.qualifier, requestId);
      case 'GetFunctionConfiguration': {
        request.resume();
        const found = findFunction(functions, route.functionName, route.qualifier);
        if (!(found instanceof DeployedFunction)) return found;
        return jsonReply(200, functionConfiguration(found));
      }
      case 'unknown':
        request.resume();
        return awsError(
          404,
          'UnknownOperationException',
          `${route.reason}: it serves Invoke and GetFunctionConfiguration`,
        );
    }
  };

  const server = createServer((request, response) => {
    const requestId = randomUUID();
    handle(request, response, requestId).then(
      (reply) => {
        if (reply !== undefined) send(response, reply, requestId);
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        send(
          response,
          awsError(500, 'ServiceException', `Local Lambda failed: ${message}`, { type: 'Service' }),
          requestId,
        );
      },
    );
  });

  // As AWS's endpoints do, keep idle connections open far longer than a client leaves them idle between
  // runs. With Node's default of 5 s, a client reusing a kept-alive socket just as the server closes it
  // gets ECONNRESET for a request the server never read: an `Invoke` whose answer is lost, which sosw
  // rightly never sends again, so its task waits for the timeout (seen in e2e under load). `stop()`
  // closes idle connections itself.
  server.keepAliveTimeout = IDLE_CONNECTION_MS;
  const port = await listen(server, options.port ?? 0);
  const endpoint = `http://127.0.0.1:${port}`;
  const names = [...functions.keys()].join(', ');
  log(
    `Local Lambda: at ${endpoint} (${names === '' ? 'no functions yet' : names}), up in ${secondsSince(startedAt)} s`,
  );

  let stopping: Promise<void> | undefined;
  const stop = async () => {
    stopped = true;
    for (const release of [...hangs]) release();
    const closed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    server.closeIdleConnections();
    for (const fn of deployed) fn.abandonQueued();
    await within(stopTimeoutMs, Promise.all([...handlersRunning]));
    for (const invocation of [...running]) invocation.abandon();
    // Let the replies of the invocations just ended be written before their connections are closed.
    await new Promise((resolve) => setImmediate(resolve));
    server.closeAllConnections();
    await closed;
  };

  return {
    endpoint,
    invocations,
    injectedFaults,
    register,
    setFaults: (next) => {
      faults = next === undefined ? undefined : new FaultPlan(next);
    },
    idle: () =>
      pending === 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            idleWaiters.push(resolve);
          }),
    stop: () => (stopping ??= stop()),
  };
}

/** The function `functionName` names, or the 404 (or 400) Lambda would answer. */
function findFunction(
  functions: ReadonlyMap<string, DeployedFunction>,
  functionName: string,
  queryQualifier: string | undefined,
): DeployedFunction | Reply {
  const reference = parseFunctionName(functionName);
  if (reference === undefined) {
    return awsError(400, 'InvalidParameterValueException', `'${functionName}' is not a function name or ARN`);
  }
  const qualifier = reference.qualifier ?? queryQualifier;
  const fn = functions.get(reference.name);
  if (fn === undefined) {
    return awsError(
      404,
      'ResourceNotFoundException',
      `Function not found: ${localFunctionArn(reference.name)}`,
    );
  }
  if (qualifier !== undefined && qualifier !== '$LATEST') {
    return awsError(
      404,
      'ResourceNotFoundException',
      `Function not found: ${fn.arn}:${qualifier} (the local endpoint serves $LATEST only)`,
    );
  }
  return fn;
}

function newRecord(
  name: string,
  requestId: string,
  invocationType: InvocationType,
  bytes: Buffer,
): InvocationRecord {
  return {
    name,
    requestId,
    invocationType,
    // A copy of its own: the handler gets another, and may change it without changing the log.
    payload: parsePayload(bytes),
    status: 'queued',
    receivedAt: Date.now(),
  };
}

/** The event in a request's payload: `{}` when it is empty (as Lambda does), an `Error` if not JSON. */
function parsePayload(bytes: Buffer): unknown {
  if (bytes.length === 0) return {};
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The `X-Amz-Client-Context` header: base64-encoded JSON; `undefined` if absent, an `Error` if bad. */
function parseClientContext(header: string | string[] | undefined): unknown {
  if (header === undefined || Array.isArray(header)) return undefined;
  try {
    return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as unknown;
  } catch {
    return new Error('must be base64-encoded JSON');
  }
}

/** A synchronous invocation's answer: 200 with the result, or with `X-Amz-Function-Error` and the error. */
function syncReply(outcome: Outcome): Reply {
  const headers = { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' };
  if (outcome.status === 'succeeded') return { status: 200, headers, body: outcome.payload };
  return {
    status: 200,
    headers: { ...headers, 'x-amz-function-error': 'Unhandled' },
    body: JSON.stringify(outcome.error),
  };
}

function jsonReply(status: number, body: unknown): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Listens on 127.0.0.1 (`port` 0: one the OS picks) and says which port it got. */
async function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      reject(
        new EndpointStartError({
          what: 'Local Lambda',
          reason: error.message,
          endpoint: `http://127.0.0.1:${port}`,
          cause: error,
        }),
      );
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('the server has no TCP address'));
      else resolve(address.port);
    });
  });
}

/** Waits for `work`, but no longer than `ms`. */
async function within(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([work, bound]);
  clearTimeout(timer);
}
