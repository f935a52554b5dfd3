import { createLambdaContext } from './local-lambda-context.js';
import type { DeployedFunction } from './local-lambda-function.js';
import { SYNC_PAYLOAD_LIMIT_BYTES } from './local-lambda-limits.js';
import { functionErrorOf, timeoutError } from './local-lambda-replies.js';
import type { FunctionError, InvocationRecord } from './local-lambda-types.js';

/** How an invocation ended. */
export type Outcome =
  | { status: 'succeeded'; result: unknown; payload: string }
  | { status: 'failed' | 'timed-out' | 'abandoned'; error: FunctionError };

/** An invocation whose handler has been called. */
export interface RunningInvocation {
  /** How it ended: settles once the handler returns or throws, or at the timeout; never rejects. */
  readonly outcome: Promise<Outcome>;
  /** Settles when the handler itself is done, which may be well after a timeout; never rejects. */
  readonly handlerDone: Promise<void>;
  /** Ends it now as `abandoned` (the endpoint stops); the handler, if still running, is left to itself. */
  abandon(): void;
}

/**
 * Calls the function's handler with `event` and a fresh context, and ends the invocation at its
 * timeout if the handler has not finished by then. Updates `record` (status, result or error, times)
 * when it ends. A handler cannot be stopped in this process: one that runs past its timeout goes on in
 * the background (`handlerDone`), but its invocation is over, as it is in Lambda.
 *
 * @example
 * ```ts
 * const running = startInvocation(fn, record, JSON.parse(body), undefined);
 * const outcome = await running.outcome;
 * ```
 */
export function startInvocation(
  fn: DeployedFunction,
  record: InvocationRecord,
  event: unknown,
  clientContext: unknown,
): RunningInvocation {
  const startedAt = Date.now();
  record.status = 'running';
  record.startedAt = startedAt;
  const context = createLambdaContext({
    functionName: fn.name,
    functionArn: fn.arn,
    memorySize: fn.memorySize,
    logStreamName: fn.logStreamName,
    awsRequestId: record.requestId,
    deadline: startedAt + fn.timeoutSeconds * 1000,
    clientContext,
  });

  let settle!: (outcome: Outcome) => void;
  const outcome = new Promise<Outcome>((resolve) => {
    settle = resolve;
  });
  let ended = false;
  const end = (result: Outcome) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    record.status = result.status;
    record.finishedAt = Date.now();
    if (result.status === 'succeeded') record.result = JSON.parse(result.payload);
    else record.error = result.error;
    settle(result);
  };
  const timer = setTimeout(() => {
    end({ status: 'timed-out', error: timeoutError(record.requestId, fn.timeoutSeconds) });
  }, fn.timeoutSeconds * 1000);

  const handlerDone = (async () => {
    const loaded = await fn.handler();
    if ('error' in loaded) {
      end({ status: 'failed', error: loaded.error });
      return;
    }
    try {
      end(serialize(await loaded.handler(event, context)));
    } catch (error) {
      end({ status: 'failed', error: functionErrorOf(error) });
    }
  })();

  return {
    outcome,
    handlerDone,
    abandon: () => {
      end({
        status: 'abandoned',
        error: { errorType: 'LocalLambda.Stopped', errorMessage: 'The local Lambda endpoint stopped' },
      });
    },
  };
}

/** A handler's result as the response payload, or the error Lambda reports when it cannot be one. */
function serialize(result: unknown): Outcome {
  let json: unknown;
  try {
    json = JSON.stringify(result);
  } catch (error) {
    const errorMessage = `Unable to stringify response body: ${error instanceof Error ? error.message : String(error)}`;
    return { status: 'failed', error: { errorType: 'Runtime.MarshalError', errorMessage } };
  }
  // The runtime answers `null` for `undefined` (and for anything JSON cannot say, such as a function).
  const text = typeof json === 'string' ? json : 'null';
  const bytes = Buffer.byteLength(text);
  if (bytes > SYNC_PAYLOAD_LIMIT_BYTES) {
    const errorMessage = `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${SYNC_PAYLOAD_LIMIT_BYTES} bytes).`;
    return { status: 'failed', error: { errorType: 'Function.ResponseSizeTooLarge', errorMessage } };
  }
  return { status: 'succeeded', result, payload: text };
}
