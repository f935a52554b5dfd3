import type { HarnessLog } from './log.js';
import type { LocalEndpoint } from './types.js';

/**
 * The `context` a local Lambda handler gets: the fields of the Node.js runtime's `Context` (as in
 * `@types/aws-lambda`), minus the deprecated `done`/`fail`/`succeed`, which `nodejs24.x` no longer has.
 */
export interface LocalLambdaContext {
  /** Always `true`: the runtime's default. Nothing here waits on the event loop. */
  callbackWaitsForEmptyEventLoop: boolean;
  readonly functionName: string;
  /** Always `$LATEST`: the local endpoint has no versions. */
  readonly functionVersion: string;
  /** `arn:aws:lambda:us-east-1:000000000000:function:<name>`. */
  readonly invokedFunctionArn: string;
  /** A string, as in the real runtime, e.g. `'128'`. */
  readonly memoryLimitInMB: string;
  /** A new UUID per invocation. */
  readonly awsRequestId: string;
  /** `/aws/lambda/<name>`. */
  readonly logGroupName: string;
  /** `YYYY/MM/DD/[$LATEST]<32 hex>`, one per registered function. */
  readonly logStreamName: string;
  /** The caller's `ClientContext` (sync invocations only, as in Lambda), decoded from base64 JSON. */
  readonly clientContext?: unknown;
  /** Milliseconds until the function's timeout; 0 once it has passed. */
  getRemainingTimeInMillis(): number;
}

/**
 * A handler: `(event, context) => result`, sync or async. Declared as a method so that its parameters
 * are compared bivariantly: a handler typed `(event: MyEvent, context: Context)` (from
 * `@types/aws-lambda`) is accepted without a cast, although the endpoint can only promise `unknown` JSON.
 * The `never` rest admits handlers typed with a third parameter (`Handler`'s callback, middy's
 * `{ signal }`); none is passed, as `nodejs24.x` passes none (it has no callback-style handlers).
 */
export type LocalLambdaHandler = {
  bivarianceHack(event: unknown, context: LocalLambdaContext, ...unused: never[]): unknown;
}['bivarianceHack'];

/** A function the local endpoint serves. */
export interface LocalFunction {
  /**
   * The handler, or the path of an ES module that exports `handler` (e.g. a service's `dist/handler.js`;
   * relative paths are resolved against the current directory). The module is imported on the first
   * invocation, like a Lambda cold start, once per function name.
   */
  handler: LocalLambdaHandler | string;
  /** Seconds an invocation may run before it is recorded as timed out (default 3, as in Lambda). */
  timeoutSeconds?: number;
  /**
   * How many invocations may run at once (reserved concurrency; default unbounded). Async invocations
   * beyond it wait in the function's queue; sync ones are throttled (429 `TooManyRequestsException`), as
   * in Lambda.
   */
  concurrency?: number;
  /** `MemorySize` and `context.memoryLimitInMB` (default 128). Nothing is enforced. */
  memorySize?: number;
}

/** How an invocation was asked for: the `X-Amz-Invocation-Type` header (`DryRun` runs nothing). */
export type InvocationType = 'RequestResponse' | 'Event';

/** Where an invocation is in its life. */
export type InvocationStatus =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'timed-out'
  /** The endpoint stopped before it could start, or while it still ran past `stopTimeoutMs`. */
  | 'abandoned';

/** What a failed or timed-out invocation reports, as the Node.js runtime does. */
export interface FunctionError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** One invocation the endpoint accepted; updated in place as it runs. */
export interface InvocationRecord {
  readonly name: string;
  readonly requestId: string;
  readonly invocationType: InvocationType;
  /** The event, parsed from the request's JSON payload (`{}` for an empty payload). */
  readonly payload: unknown;
  status: InvocationStatus;
  /** What the handler returned, once it `succeeded`. */
  result?: unknown;
  /** Why it `failed` or `timed-out`. */
  error?: FunctionError;
  /** When the request arrived (ms since the epoch). */
  readonly receivedAt: number;
  /** When the handler was called (ms since the epoch); unset while `queued`. */
  startedAt?: number;
  /** When it succeeded, failed, timed out or was abandoned (ms since the epoch). */
  finishedAt?: number;
}

/** What `faults` may do to an Invoke request instead of running the function. */
export type FaultKind =
  /** 429 `TooManyRequestsException`. */
  | 'throttle'
  /** 500 `ServiceException`. */
  | 'error'
  /** No response until the client gives up (or `hangMs` passes, then the connection is dropped). */
  | 'timeout'
  /**
   * The invocation is taken (and runs) as usual, but its answer is lost: the connection is dropped
   * instead. What a client sees when the network fails after Lambda took its request.
   */
  | 'lost-answer';

/**
 * Faults injected into Invoke requests: all but `lost-answer` come before the function runs (so it never
 * runs for them).
 */
export interface LambdaFaults {
  /** The share of Invoke requests that get a fault, 0..1. */
  rate: number;
  /** The kinds to pick from, uniformly. */
  kinds: readonly FaultKind[];
  /** Makes the sequence of faults repeatable: the same seed, the same requests, the same faults. */
  seed?: number;
  /** Only these functions get faults (default: all). */
  functions?: readonly string[];
  /** How long a `timeout` fault holds the response at most, in ms (default and max 30 000). */
  hangMs?: number;
}

/** A fault the endpoint injected. */
export interface InjectedFault {
  readonly name: string;
  readonly kind: FaultKind;
  /** When (ms since the epoch). */
  readonly at: number;
}

/** Options of `startLocalLambda()`. */
export interface LocalLambdaOptions {
  /** The functions to serve, by name; more can be added with `register()`. */
  functions?: Record<string, LocalFunction>;
  /** The port to listen on (on 127.0.0.1); default: one the OS picks. */
  port?: number;
  /** Faults to inject from the start; see `setFaults()`. */
  faults?: LambdaFaults;
  /** How long `stop()` waits for running invocations before it abandons them, in ms (default 5 000). */
  stopTimeoutMs?: number;
  /** Where to say where the endpoint is, and why an async invocation failed (default: stderr). */
  log?: HarnessLog;
}

/** A local AWS Lambda endpoint, from `startLocalLambda()`. */
export interface LocalLambda extends LocalEndpoint {
  /** Serves `fn` under `name` from now on (replacing a function of that name; running invocations finish). */
  register(name: string, fn: LocalFunction): void;
  /** Every invocation accepted so far, oldest first; records change as invocations run. */
  readonly invocations: readonly InvocationRecord[];
  /** Every fault injected so far, oldest first. */
  readonly injectedFaults: readonly InjectedFault[];
  /** Replaces the faults (`undefined`: none); a seed starts its sequence afresh. */
  setFaults(faults: LambdaFaults | undefined): void;
  /** Resolves when no invocation, async or sync, is queued or running. */
  idle(): Promise<void>;
}
