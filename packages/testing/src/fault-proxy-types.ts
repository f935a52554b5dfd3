import type { HarnessLog } from '@sosw/local';

/**
 * What the fault proxy can do to one request instead of passing it through untouched:
 *
 * - `throttle`: answers 400 `ThrottlingException`, as DynamoDB does when it sheds load; never forwarded.
 * - `error`: answers 500 `InternalServerError`; never forwarded.
 * - `dropBefore`: destroys the client's connection without forwarding: nothing happened, the client
 *   sees a reset socket.
 * - `dropAfter`: forwards the request, waits for DynamoDB's full answer, then destroys the client's
 *   connection: the write HAPPENED but the client saw an error and will probably send it again.
 * - `latency`: holds the request for `latencyMs` before forwarding it.
 */
export type DynamoDbFaultKind = 'throttle' | 'error' | 'dropBefore' | 'dropAfter' | 'latency';

/** Every kind, in the order the shares are laid out on [0, 1). */
export const DYNAMODB_FAULT_KINDS: readonly DynamoDbFaultKind[] = [
  'throttle',
  'error',
  'dropBefore',
  'dropAfter',
  'latency',
];

/**
 * Which share of requests gets each fault. Shares are fractions of ALL requests (0..1 each, at most 1
 * together); a request gets at most one fault.
 */
export interface DynamoDbFaults {
  throttle?: number;
  error?: number;
  dropBefore?: number;
  dropAfter?: number;
  latency?: number;
  /** How long a `latency` fault holds a request, in ms. Default 1 000, at most 30 000. */
  latencyMs?: number;
  /**
   * Seed of the per-request decisions: the n-th request the proxy sees always gets the same decision.
   * Default: `Math.random`.
   */
  seed?: number;
  /**
   * Only requests of these DynamoDB operations (the `X-Amz-Target` suffix, e.g. `TransactWriteItems`)
   * get faults; default all. Requests of other operations pass and draw nothing from the generator.
   */
  operations?: readonly string[];
}

/**
 * Counts of what the proxy did, by fault kind, plus `passed` (forwarded untouched) and `unreachable`
 * (forwarded, but the target did not answer: the client's connection was reset, as if DynamoDB were down).
 */
export type FaultCounts = Record<DynamoDbFaultKind | 'passed' | 'unreachable', number>;

/** Options of `startFaultProxy`. */
export interface FaultProxyOptions {
  /** The DynamoDB endpoint to forward to, e.g. `http://127.0.0.1:8000`. Change it later with `setTarget`. */
  target: string;
  /** Faults from the start; default none (a plain pass-through proxy). */
  faults?: DynamoDbFaults;
  /** Port on 127.0.0.1; default a free one. */
  port?: number;
  /** Where to say that it started; default stderr. */
  log?: HarnessLog;
}

/** A running fault proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: give it to clients as `AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly endpoint: string;
  /** Where requests go now. */
  readonly target: string;
  /** Replaces the faults (`undefined`: none); the generator restarts from the new seed. */
  setFaults(faults: DynamoDbFaults | undefined): void;
  /** Points the proxy at another DynamoDB (e.g. one restarted on another port); open requests finish. */
  setTarget(target: string): void;
  /** What was done so far, by kind. */
  counts(): FaultCounts;
  /** Sum of the injected faults (all kinds but `passed`). */
  injected(): number;
  /** Closes the server and every open connection; idempotent. */
  stop(): Promise<void>;
}
