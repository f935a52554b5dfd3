import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
  ServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASYNC_PAYLOAD_LIMIT_BYTES,
  InvalidOptionError,
  localFunctionArn,
  SYNC_PAYLOAD_LIMIT_BYTES,
  startLocalLambda,
  type LocalLambda,
  type LocalLambdaContext,
  type LocalLambdaOptions,
} from '../src/index.js';
import { invoke, rejection, sleep } from './helpers/lambda.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const quiet = { log: () => undefined } satisfies LocalLambdaOptions;

// The endpoint most tests share, reached the way services reach Lambda: through AWS_ENDPOINT_URL_LAMBDA
// (region and the S3RVER credentials come from the harness's setup file).
let lambda: LocalLambda;
let client: LambdaClient;
const contexts: LocalLambdaContext[] = [];
beforeAll(async () => {
  lambda = await startLocalLambda({
    ...quiet,
    functions: {
      echo: {
        handler: (event: unknown, context: LocalLambdaContext) => {
          contexts.push(context);
          return { event, remaining: context.getRemainingTimeInMillis() };
        },
        timeoutSeconds: 10,
        memorySize: 256,
      },
      fails: {
        handler: () => {
          throw new TypeError('labourer_id is missing');
        },
      },
    },
  });
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
  client = new LambdaClient({});
});
afterAll(async () => {
  client.destroy();
  await lambda.stop();
});

/** A client of its own for an endpoint of its own; one attempt, so the SDK's retries hide nothing. */
function clientOf(local: LocalLambda, requestTimeout?: number): LambdaClient {
  return new LambdaClient({
    endpoint: local.endpoint,
    maxAttempts: 1,
    ...(requestTimeout === undefined
      ? {}
      : { requestHandler: { requestTimeout, throwOnRequestTimeout: true } }),
  });
}

describe('RequestResponse', () => {
  it('runs the handler and answers 200 with its JSON result', async () => {
    const answer = await invoke(client, 'echo', { task_id: 't1', n: [1, 2] });

    expect(answer.statusCode).toBe(200);
    expect(answer.functionError).toBeUndefined();
    expect(answer.executedVersion).toBe('$LATEST');
    expect(answer.payload).toMatchObject({ event: { task_id: 't1', n: [1, 2] } });
    const record = lambda.invocations.at(-1)!;
    expect(record).toMatchObject({
      name: 'echo',
      invocationType: 'RequestResponse',
      payload: { task_id: 't1', n: [1, 2] },
      status: 'succeeded',
      result: { event: { task_id: 't1', n: [1, 2] } },
    });
    expect(record.startedAt).toBeGreaterThanOrEqual(record.receivedAt);
    expect(record.finishedAt).toBeGreaterThanOrEqual(record.startedAt!);
  });

  it('gives the handler a Lambda-like context, with a new request id per invocation', async () => {
    contexts.length = 0;
    const first = await invoke(client, 'echo');
    await invoke(client, 'echo');

    const [context, next] = contexts;
    expect(context).toMatchObject({
      functionName: 'echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/echo',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(context!.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(context!.awsRequestId).toMatch(UUID);
    expect(next!.awsRequestId).not.toBe(context!.awsRequestId);
    const { remaining } = first.payload as { remaining: number };
    expect(remaining).toBeGreaterThan(9_000);
    expect(remaining).toBeLessThanOrEqual(10_000);
  });

  it("reports a handler's error as FunctionError 'Unhandled' with its type and message", async () => {
    const answer = await invoke(client, 'fails');

    expect(answer.statusCode).toBe(200);
    expect(answer.functionError).toBe('Unhandled');
    expect(answer.payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'labourer_id is missing' });
    expect((answer.payload as { trace: string[] }).trace[0]).toBe('TypeError: labourer_id is missing');
    expect(lambda.invocations.at(-1)).toMatchObject({
      name: 'fails',
      status: 'failed',
      error: { errorType: 'TypeError', errorMessage: 'labourer_id is missing' },
    });
  });

  it('answers an empty payload with the event {} and an undefined result with null', async () => {
    lambda.register('returns-nothing', { handler: () => undefined });
    const output = await client.send(new InvokeCommand({ FunctionName: 'returns-nothing' }));

    expect(Buffer.from(output.Payload!).toString()).toBe('null');
    expect(lambda.invocations.at(-1)?.payload).toEqual({});
  });

  it('refuses a payload that is not JSON', async () => {
    const error = await rejection(
      client.send(
        new InvokeCommand({
          FunctionName: 'echo',
          Payload: Buffer.from('{not json'),
        }),
      ),
    );

    expect(error.name).toBe('InvalidRequestContentException');
    expect(error.message).toMatch(/Could not parse request body into json/);
  });
});

describe('FunctionName', () => {
  it('accepts a full ARN, a partial ARN and a name with $LATEST', async () => {
    for (const name of [
      localFunctionArn('echo'),
      'arn:aws:lambda:eu-west-1:123456789012:function:echo',
      '000000000000:function:echo',
      'echo:$LATEST',
      `${localFunctionArn('echo')}:$LATEST`,
    ]) {
      const answer = await invoke(client, name, { via: name });
      expect(answer.payload, name).toMatchObject({ event: { via: name } });
    }
  });

  it('makes the SDK throw ResourceNotFoundException for an unknown function, naming its ARN', async () => {
    const error = await rejection(invoke(client, 'no-such-function'));

    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toBe(
      'Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function',
    );
    expect((error as unknown as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  it('serves $LATEST only: another version or alias is not found', async () => {
    const error = await rejection(invoke(client, 'echo:live'));

    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toMatch(/function:echo:live/);
  });
});

describe('GetFunctionConfiguration', () => {
  it("returns the function's Timeout, ARN, memory and runtime", async () => {
    lambda.register('slow-labourer', { handler: () => 'ok', timeoutSeconds: 900 });

    const byName = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'slow-labourer' }));
    const byArn = await client.send(
      new GetFunctionConfigurationCommand({ FunctionName: localFunctionArn('slow-labourer') }),
    );

    expect(byName).toMatchObject({
      FunctionName: 'slow-labourer',
      FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:slow-labourer',
      Timeout: 900,
      MemorySize: 128,
      Runtime: 'nodejs24.x',
      Handler: 'handler.handler',
      Version: '$LATEST',
      State: 'Active',
    });
    expect(byName.LastModified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    expect(byArn.Timeout).toBe(900);
    const defaults = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'fails' }));
    expect(defaults.Timeout).toBe(3);
  });

  it('makes the SDK throw ResourceNotFoundException for an unknown function', async () => {
    await expect(
      client.send(new GetFunctionConfigurationCommand({ FunctionName: 'no-such-function' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('Event', () => {
  it('answers 202 at once and runs the handler in the background', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: unknown[] = [];
    lambda.register('background', {
      handler: async (event) => {
        await released;
        seen.push(event);
      },
    });

    const answer = await invoke(client, 'background', { task_id: 'a1' }, 'Event');

    expect(answer.statusCode).toBe(202);
    expect(answer.payload).toBeUndefined();
    expect(seen).toEqual([]);
    expect(lambda.invocations.at(-1)).toMatchObject({ name: 'background', status: 'running' });
    release();
    await lambda.idle();
    expect(seen).toEqual([{ task_id: 'a1' }]);
    expect(lambda.invocations.at(-1)).toMatchObject({ invocationType: 'Event', status: 'succeeded' });
  });

  it('runs at most `concurrency` at once, queueing the rest in order', async () => {
    let runningNow = 0;
    let mostAtOnce = 0;
    const order: number[] = [];
    lambda.register('bounded', {
      concurrency: 2,
      handler: async (event) => {
        runningNow += 1;
        mostAtOnce = Math.max(mostAtOnce, runningNow);
        order.push((event as { n: number }).n);
        await sleep(60);
        runningNow -= 1;
      },
    });

    const answers = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7].map((n) => invoke(client, 'bounded', { n }, 'Event')),
    );
    const queued = lambda.invocations.filter(
      (record) => record.name === 'bounded' && record.status === 'queued',
    );
    expect(queued.length).toBeGreaterThan(0);
    await lambda.idle();

    expect(answers.map((answer) => answer.statusCode)).toEqual([202, 202, 202, 202, 202, 202, 202]);
    expect(mostAtOnce).toBe(2);
    expect(order).toHaveLength(7);
    const records = lambda.invocations.filter((record) => record.name === 'bounded');
    expect(records.map((record) => record.status)).toEqual(Array(7).fill('succeeded'));
    // FIFO: each starts in the order its request was accepted.
    const starts = records.map((record) => record.startedAt!);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('records an async invocation that throws, logs it, and does not retry it', async () => {
    const lines: string[] = [];
    const local = await startLocalLambda({
      log: (line) => lines.push(line),
      functions: {
        broken: {
          handler: () => {
            throw new Error('downstream refused');
          },
        },
      },
    });
    const own = clientOf(local);
    try {
      expect((await invoke(own, 'broken', {}, 'Event')).statusCode).toBe(202);
      await local.idle();

      expect(local.invocations).toHaveLength(1);
      expect(local.invocations[0]).toMatchObject({
        status: 'failed',
        error: { errorType: 'Error', errorMessage: 'downstream refused' },
      });
      expect(lines.at(-1)).toMatch(
        /async invocation [0-9a-f-]{36} of broken failed: Error: downstream refused/,
      );
      await sleep(100);
      expect(local.invocations).toHaveLength(1);
    } finally {
      own.destroy();
      await local.stop();
    }
  });

  it('throttles a sync invocation beyond the concurrency, as Lambda does', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    lambda.register('single', { concurrency: 1, handler: () => released });
    const limited = new LambdaClient({ maxAttempts: 1 });
    try {
      await invoke(limited, 'single', {}, 'Event');

      const error = await rejection(invoke(limited, 'single'));
      expect(error).toBeInstanceOf(TooManyRequestsException);
      expect((error as unknown as TooManyRequestsException).Reason).toBe(
        'ReservedFunctionConcurrentInvocationLimitExceeded',
      );
    } finally {
      release();
      limited.destroy();
    }
    await lambda.idle();
    expect((await invoke(client, 'single')).statusCode).toBe(200);
  });

  it('answers DryRun with 204 and runs nothing', async () => {
    const before = lambda.invocations.length;

    const answer = await invoke(client, 'echo', {}, 'DryRun');

    expect(answer.statusCode).toBe(204);
    expect(lambda.invocations).toHaveLength(before);
  });
});

describe('handler modules', () => {
  it('imports the module on the first invocation and keeps it warm, one module per function', async () => {
    lambda.register('from-module', { handler: fixture('lambda-counter.mjs') });
    lambda.register('from-module-too', { handler: fixture('lambda-counter.mjs') });

    const first = await invoke(client, 'from-module', { a: 1 });
    const second = await invoke(client, 'from-module', { a: 2 });
    const other = await invoke(client, 'from-module-too', { a: 3 });

    expect(first.payload).toEqual({ invocations: 1, functionName: 'from-module', event: { a: 1 } });
    expect(second.payload).toMatchObject({ invocations: 2 });
    expect(other.payload).toEqual({ invocations: 1, functionName: 'from-module-too', event: { a: 3 } });
    const configuration = await client.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'from-module' }),
    );
    expect(configuration.Handler).toBe('lambda-counter.handler');
  });

  it('reports a module without a handler export as Runtime.HandlerNotFound', async () => {
    lambda.register('no-export', { handler: fixture('lambda-without-handler.mjs') });

    const answer = await invoke(client, 'no-export');

    expect(answer.functionError).toBe('Unhandled');
    expect(answer.payload).toEqual({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'lambda-without-handler.handler is undefined or not exported',
    });
  });

  it('refuses a module path with no file, naming the option', () => {
    const register = () => {
      lambda.register('missing', { handler: '/nowhere/dist/handler.js' });
    };
    expect(register).toThrow(InvalidOptionError);
    expect(register).toThrow(/'functions\.missing\.handler'.*\/nowhere\/dist\/handler\.js/);
  });
});

describe('timeouts', () => {
  it("ends a sync invocation at the function's timeout with Lambda's 'Task timed out' error", async () => {
    let remainingAtEnd = -1;
    lambda.register('too-slow', {
      timeoutSeconds: 0.3,
      handler: async (_event, context) => {
        await sleep(3_000);
        remainingAtEnd = context.getRemainingTimeInMillis();
        return 'too late';
      },
    });
    const startedAt = performance.now();

    const answer = await invoke(client, 'too-slow');

    const took = performance.now() - startedAt;
    expect(answer.functionError).toBe('Unhandled');
    expect(answer.payload).toMatchObject({ errorType: 'Sandbox.Timedout' });
    expect((answer.payload as { errorMessage: string }).errorMessage).toMatch(
      /^RequestId: [0-9a-f-]{36} Error: Task timed out after 0\.30 seconds$/,
    );
    expect(took).toBeGreaterThanOrEqual(290);
    // Answered at the timeout (0.3 s), not when the handler ended (3 s); wide, for a busy machine.
    expect(took).toBeLessThan(2_500);
    const record = lambda.invocations.at(-1)!;
    expect(record.status).toBe('timed-out');
    expect(record.finishedAt! - record.startedAt!).toBeGreaterThanOrEqual(290);
    // The handler goes on in the background (it cannot be killed in-process) and sees no time left.
    await sleep(3_000);
    expect(remainingAtEnd).toBe(0);
    expect(record.status).toBe('timed-out');
  });

  it('records an async invocation that times out, and frees its slot at the timeout', async () => {
    lambda.register('hangs', {
      timeoutSeconds: 0.2,
      concurrency: 1,
      handler: () => sleep(1_500),
    });

    await invoke(client, 'hangs', { n: 1 }, 'Event');
    await invoke(client, 'hangs', { n: 2 }, 'Event');
    await lambda.idle();

    const records = lambda.invocations.filter((record) => record.name === 'hangs');
    expect(records.map((record) => record.status)).toEqual(['timed-out', 'timed-out']);
    // The second took the one slot when the first timed out (0.2 s), not when its handler ended (1.5 s).
    const [first, second] = records;
    expect(second!.startedAt! - first!.startedAt!).toBeLessThan(1_200);
    expect(records[0]!.error?.errorMessage).toMatch(/Task timed out after 0\.20 seconds/);
  });
});

describe('payload limits', () => {
  it('refuses a sync payload over 6 MB with 413 RequestEntityTooLargeException', async () => {
    const error = await rejection(invoke(client, 'echo', 'x'.repeat(SYNC_PAYLOAD_LIMIT_BYTES)));

    expect(error.name).toBe('RequestEntityTooLargeException');
    expect(error.message).toMatch(/smaller than 6291456 bytes/);
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(413);
  });

  it('refuses an async payload over 1 MB that a sync invocation still takes', async () => {
    const event = 'x'.repeat(ASYNC_PAYLOAD_LIMIT_BYTES);
    const before = lambda.invocations.length;

    const error = await rejection(invoke(client, 'echo', event, 'Event'));
    expect(error.name).toBe('RequestEntityTooLargeException');
    expect(error.message).toMatch(/smaller than 1048576 bytes for the Event invocation/);
    expect(lambda.invocations).toHaveLength(before);

    const answer = await invoke(client, 'echo', event);
    expect((answer.payload as { event: string }).event).toHaveLength(ASYNC_PAYLOAD_LIMIT_BYTES);
  });
});

describe('other requests', () => {
  it('answers an unknown operation with 404 and says what it serves', async () => {
    const response = await fetch(`${lambda.endpoint}/2015-03-31/functions`, { method: 'GET' });

    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(((await response.json()) as { message: string }).message).toMatch(
      /GET \/2015-03-31\/functions is not an operation.*Invoke and GetFunctionConfiguration/,
    );
  });

  it('refuses an unknown invocation type with 400', async () => {
    const response = await fetch(`${lambda.endpoint}/2015-03-31/functions/echo/invocations`, {
      method: 'POST',
      headers: { 'x-amz-invocation-type': 'Later' },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidParameterValueException');
  });
});

describe('faults', () => {
  async function withFaults(
    faults: LocalLambdaOptions['faults'],
    test: (local: LocalLambda, ran: () => number) => Promise<void>,
  ): Promise<void> {
    let runs = 0;
    const local = await startLocalLambda({
      ...quiet,
      faults,
      functions: {
        worker: {
          handler: () => {
            runs += 1;
            return 'done';
          },
        },
      },
    });
    try {
      await test(local, () => runs);
    } finally {
      await local.stop();
    }
  }

  it("'throttle' makes the SDK throw TooManyRequestsException, and the function does not run", async () => {
    await withFaults({ rate: 1, kinds: ['throttle'] }, async (local, ran) => {
      const own = clientOf(local);
      const error = await rejection(invoke(own, 'worker', {}, 'Event'));
      own.destroy();

      expect(error).toBeInstanceOf(TooManyRequestsException);
      expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(429);
      expect(ran()).toBe(0);
      expect(local.invocations).toHaveLength(0);
      expect(local.injectedFaults).toMatchObject([{ name: 'worker', kind: 'throttle' }]);
    });
  });

  it("'error' makes the SDK throw ServiceException (500)", async () => {
    await withFaults({ rate: 1, kinds: ['error'] }, async (local, ran) => {
      const own = clientOf(local);
      const error = await rejection(invoke(own, 'worker'));
      own.destroy();

      expect(error).toBeInstanceOf(ServiceException);
      expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(500);
      expect(ran()).toBe(0);
    });
  });

  it("'timeout' holds the response until the client gives up", async () => {
    await withFaults({ rate: 1, kinds: ['timeout'] }, async (local, ran) => {
      const own = clientOf(local, 300);
      const startedAt = performance.now();
      const error = await rejection(invoke(own, 'worker', {}, 'Event'));
      own.destroy();

      expect(error.name).toBe('TimeoutError');
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(290);
      expect(ran()).toBe(0);
      expect(local.injectedFaults).toMatchObject([{ kind: 'timeout' }]);
    });
  });

  it("'timeout' drops the connection after hangMs if the client waits longer", async () => {
    await withFaults({ rate: 1, kinds: ['timeout'], hangMs: 200 }, async (local, ran) => {
      const own = clientOf(local);
      const error = await rejection(invoke(own, 'worker'));
      own.destroy();

      // No answer at all: the SDK sees the connection reset (and calls it a TimeoutError).
      expect(error.code).toBe('ECONNRESET');
      expect(error.message).toBe('socket hang up');
      expect(local.injectedFaults).toMatchObject([{ kind: 'timeout' }]);
      expect(ran()).toBe(0);
    });
  });

  it("'lost-answer' runs the invocation and then drops the connection: the client cannot tell", async () => {
    await withFaults({ rate: 1, kinds: ['lost-answer'] }, async (local, ran) => {
      const own = clientOf(local);
      const error = await rejection(invoke(own, 'worker', {}, 'Event'));
      own.destroy();
      await local.idle();

      expect(error.code).toBe('ECONNRESET');
      expect(ran()).toBe(1);
      expect(local.invocations).toMatchObject([{ name: 'worker', invocationType: 'Event' }]);
      expect(local.injectedFaults).toMatchObject([{ name: 'worker', kind: 'lost-answer' }]);
    });
  });

  it('hits about `rate` of the requests, the same ones for the same seed, and can be changed at run time', async () => {
    const outcomes = async (local: LocalLambda) => {
      const own = clientOf(local);
      const results: string[] = [];
      for (let n = 0; n < 40; n += 1) {
        results.push(
          await invoke(own, 'worker').then(
            () => 'ok',
            (error: unknown) => (error as Error).name,
          ),
        );
      }
      own.destroy();
      return results;
    };
    const faults = { rate: 0.5, kinds: ['throttle', 'error'], seed: 7 } as const;
    let first: string[] = [];
    await withFaults(faults, async (local, ran) => {
      first = await outcomes(local);
      expect(ran()).toBe(first.filter((outcome) => outcome === 'ok').length);
    });
    const hits = first.filter((outcome) => outcome !== 'ok');
    expect(hits.length).toBeGreaterThan(8);
    expect(hits.length).toBeLessThan(32);
    expect(new Set(hits)).toEqual(new Set(['TooManyRequestsException', 'ServiceException']));

    await withFaults(faults, async (local) => {
      expect(await outcomes(local)).toEqual(first);

      local.setFaults(undefined);
      expect(await outcomes(local)).toEqual(Array(40).fill('ok'));

      local.setFaults({ rate: 1, kinds: ['error'], functions: ['someone-else'] });
      expect(await outcomes(local)).toEqual(Array(40).fill('ok'));
    });
  });

  it('refuses faults it cannot apply, naming the field', async () => {
    await expect(startLocalLambda({ ...quiet, faults: { rate: 2, kinds: ['error'] } })).rejects.toThrow(
      /'faults\.rate'/,
    );
    expect(() => {
      lambda.setFaults({ rate: 0.1, kinds: [] });
    }).toThrow(/'faults\.kinds'/);
    expect(() => {
      lambda.setFaults({ rate: 0.1, kinds: ['timeout'], hangMs: 60_000 });
    }).toThrow(/'faults\.hangMs'/);
  });
});

describe('start', () => {
  it('refuses a port that is taken with EndpointStartError', async () => {
    const port = Number(new URL(lambda.endpoint).port);

    await expect(startLocalLambda({ ...quiet, port })).rejects.toThrow(
      /Local Lambda did not start.*EADDRINUSE/,
    );
  });
});

describe('kept-alive connections', () => {
  it("stay open when idle past Node's 5 s default, so a client reusing one is not reset", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<Socket>((resolve, reject) => {
        const req = request(
          `${lambda.endpoint}/2015-03-31/functions/echo/configuration`,
          { agent },
          (res) => {
            res.resume();
            res.on('end', () => {
              resolve(req.socket as Socket);
            });
          },
        );
        req.on('error', reject);
        req.end();
      });
    const socket = await get();
    let closed = false;
    socket.once('close', () => {
      closed = true;
    });
    // Node closes an idle connection about a second after its keepAliveTimeout.
    await sleep(7_500);
    expect(closed).toBe(false);
    expect(await get()).toBe(socket);
    agent.destroy();
  }, 20_000);
});
